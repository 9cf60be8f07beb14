//! Bounded CPU work: reading, validating, grading and rendering a document run on tokio's
//! blocking threads, never on the async workers, and at most `max_jobs` at a time; up to
//! `max_queue` more wait for a slot. When the queue is full too the request is refused at once
//! (503 + `Retry-After`), so an overload never delays `/healthz` or the requests in work.
//!
//! Each job carries a cancellation flag. The request deadline ([`crate::Config::timeout`]) drops
//! the handler's future, which sets the flag; the job checks it between stages (read, grade,
//! render) and stops, giving its slot back.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use crate::input::{ApiError, Problems};

/// The pool's slots, shared by every handler (an axum `Extension`).
#[derive(Clone, Debug)]
pub(crate) struct Work {
    /// Jobs running or waiting.
    admitted: Arc<Semaphore>,
    /// Jobs running.
    slots: Arc<Semaphore>,
    max_jobs: usize,
    max_queue: usize,
    /// Per-request memory budget: this many bytes per byte of body (see [`Job::budget`]).
    pub(crate) memory_factor: usize,
    /// Largest answer body in bytes.
    pub(crate) max_answer: usize,
}

impl Work {
    pub(crate) fn new(
        max_jobs: usize,
        max_queue: usize,
        memory_factor: usize,
        max_answer: usize,
    ) -> Work {
        let max_jobs = max_jobs.max(1);
        Work {
            admitted: Arc::new(Semaphore::new(max_jobs.saturating_add(max_queue))),
            slots: Arc::new(Semaphore::new(max_jobs)),
            max_jobs,
            max_queue,
            memory_factor,
            max_answer,
        }
    }

    /// Run `f` on a blocking thread when a slot is free, waiting in the queue if need be; 503 at
    /// once when the queue is full. A panic in `f` is a bug: 500. Dropping the returned future
    /// (the deadline) leaves the queue, or cancels the job at its next stage.
    pub(crate) async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Job) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let Ok(admitted) = self.admitted.clone().try_acquire_owned() else {
            return Err(busy(self.max_jobs, self.max_queue));
        };
        let Ok(permit) = self.slots.clone().acquire_owned().await else {
            return Err(busy(self.max_jobs, self.max_queue));
        };
        let job = Job {
            cancelled: Arc::new(AtomicBool::new(false)),
            memory_factor: self.memory_factor,
            max_answer: self.max_answer,
        };
        let _cancel_on_drop = CancelOnDrop(job.cancelled.clone());
        let task = tokio::task::spawn_blocking(move || {
            let result = f(&job);
            drop(permit);
            drop(admitted);
            result
        });
        match task.await {
            Ok(result) => result,
            Err(e) if e.is_panic() => Err(ApiError::internal(
                "the document worker panicked (a bug in spur)".into(),
            )),
            Err(_) => Err(ApiError::internal(
                "the document worker was cancelled".into(),
            )),
        }
    }
}

/// 503 for a full pool.
fn busy(max_jobs: usize, max_queue: usize) -> ApiError {
    ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        problems: Problems::message(format!(
            "the server is busy: {max_jobs} document(s) are in work and {max_queue} waiting (`spur serve --max-jobs`, `--max-queue`); try again shortly"
        )),
    }
}

struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What a running job can ask: whether it has been cancelled, and its limits.
pub(crate) struct Job {
    cancelled: Arc<AtomicBool>,
    memory_factor: usize,
    max_answer: usize,
}

impl Job {
    /// Between stages: stop when the request's deadline has passed (the 503 has already been
    /// sent by then; this error is never seen by the client).
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.cancelled.load(Ordering::Relaxed) {
            Err(ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                problems: Problems::message("the request was cancelled at its deadline".into()),
            })
        } else {
            Ok(())
        }
    }

    /// The memory budget of a request whose body has `body_len` bytes.
    pub(crate) fn budget(&self, body_len: usize) -> usize {
        body_len.max(64 * 1024).saturating_mul(self.memory_factor)
    }

    /// The answer size limit.
    pub(crate) fn max_answer(&self) -> usize {
        self.max_answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_pool_refuses_at_once_and_frees_its_slot() {
        let work = Work::new(1, 0, 64, 1 << 20);
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let w = work.clone();
        let first = tokio::spawn(async move {
            w.run(move |_| {
                started_tx.send(()).unwrap();
                release_rx.recv().unwrap();
                Ok(1)
            })
            .await
        });
        started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        let t = std::time::Instant::now();
        let refused = work.run(|_| Ok(2)).await.unwrap_err();
        assert!(t.elapsed() < Duration::from_secs(1));
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
        release_tx.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        assert_eq!(work.run(|_| Ok(3)).await.unwrap(), 3);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dropped_request_cancels_its_job_between_stages() {
        let work = Work::new(1, 0, 64, 1 << 20);
        let (seen_tx, seen_rx) = std::sync::mpsc::channel();
        let fut = work.run(move |job| {
            // Stage one outlives the deadline…
            std::thread::sleep(Duration::from_millis(300));
            // …and the check before stage two stops the job.
            seen_tx.send(job.check().is_err()).unwrap();
            job.check()?;
            Ok(())
        });
        assert!(
            tokio::time::timeout(Duration::from_millis(50), fut)
                .await
                .is_err()
        );
        assert!(seen_rx.recv_timeout(Duration::from_secs(10)).unwrap());
        // The slot is free again.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(work.run(|_| Ok(())).await.is_ok());
    }
}
