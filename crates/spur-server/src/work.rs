//! Bounded CPU work: reading, validating, grading and rendering a document run on tokio's
//! blocking threads, never on the async workers, and at most `max_jobs` at a time; up to
//! `max_queue` more wait for a slot. When the queue is full too the request is refused at once
//! (503 + `Retry-After`), so an overload never delays `/healthz` or the requests in work.
//!
//! Each job carries a cancellation flag. The request deadline ([`crate::Config::timeout`]) drops
//! the handler's future, which sets the flag; the job checks it between stages (read, grade,
//! render) and stops.
//!
//! A stage cannot be interrupted (a PDF render is one call into typst), so a job answered 503
//! would hold its slot until its stage ends, and two slow documents would make every other
//! request wait and time out too. Instead the slot is given back at once, when the 503 is
//! answered: the abandoned job moves to a separate account of `max_jobs` more places. Only
//! when that account is full too (more abandoned jobs than slots still running) does an
//! abandoned job keep its slot, so abandoned work can never take more than `max_jobs` threads
//! beside the slots.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::input::{ApiError, Problems};

/// The pool's slots, shared by every handler (an axum `Extension`).
#[derive(Clone, Debug)]
pub(crate) struct Work {
    /// Jobs running or waiting.
    admitted: Arc<Semaphore>,
    /// Jobs running.
    slots: Arc<Semaphore>,
    /// Jobs abandoned at their deadline and still running (their slot given back).
    abandoned: Arc<Semaphore>,
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
            abandoned: Arc::new(Semaphore::new(max_jobs)),
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
        // What the job holds: its slot (and admission) while the request waits for it, or a
        // place in the abandoned account once the request has been answered without it.
        let held = Arc::new(Mutex::new(Held {
            slot: Some(permit),
            admitted: Some(admitted),
            abandoned: None,
        }));
        let _cancel_on_drop = CancelOnDrop {
            cancelled: job.cancelled.clone(),
            held: held.clone(),
            abandoned: self.abandoned.clone(),
        };
        let task = tokio::task::spawn_blocking(move || {
            let result = f(&job);
            // The job's permits, whichever it still holds, go back now.
            drop(std::mem::take(
                &mut *held.lock().unwrap_or_else(|e| e.into_inner()),
            ));
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

/// The permits a job holds.
#[derive(Default)]
struct Held {
    slot: Option<OwnedSemaphorePermit>,
    admitted: Option<OwnedSemaphorePermit>,
    abandoned: Option<OwnedSemaphorePermit>,
}

/// Dropped with the handler's future: at the deadline (or a closed connection) before the job
/// ended, it cancels the job and, when the abandoned account has room, gives the job's slot back
/// at once.
struct CancelOnDrop {
    cancelled: Arc<AtomicBool>,
    held: Arc<Mutex<Held>>,
    abandoned: Arc<Semaphore>,
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if held.slot.is_none() {
            // The job has ended and given everything back.
            return;
        }
        if let Ok(place) = self.abandoned.clone().try_acquire_owned() {
            held.abandoned = Some(place);
            held.slot = None;
            held.admitted = None;
        }
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
    async fn a_job_abandoned_at_its_deadline_gives_its_slot_back_at_once() {
        let work = Work::new(1, 0, 64, 1 << 20);
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let (ended_tx, ended_rx) = std::sync::mpsc::channel();
        // A stage that cannot be interrupted, still running when its request is answered.
        let w = work.clone();
        let fut = async move {
            w.run(move |_| {
                started_tx.send(()).unwrap();
                release_rx.recv().unwrap();
                ended_tx.send(()).unwrap();
                Ok(())
            })
            .await
        };
        let deadline = tokio::spawn(async move {
            tokio::time::timeout(Duration::from_millis(50), fut)
                .await
                .is_err()
        });
        started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(deadline.await.unwrap(), "the deadline passed");
        // The slot is free while the abandoned stage still runs.
        assert_eq!(work.run(|_| Ok(7)).await.unwrap(), 7);
        assert!(ended_rx.try_recv().is_err(), "the abandoned job still runs");
        // A second abandoned job beside it keeps its slot: abandoned work is bounded by the
        // number of slots.
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release2_tx, release2_rx) = std::sync::mpsc::channel::<()>();
        let w = work.clone();
        let fut = async move {
            w.run(move |_| {
                started_tx.send(()).unwrap();
                release2_rx.recv().unwrap();
                Ok(())
            })
            .await
        };
        let deadline = tokio::spawn(async move {
            tokio::time::timeout(Duration::from_millis(50), fut)
                .await
                .is_err()
        });
        started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        assert!(deadline.await.unwrap());
        let refused = work.run(|_| Ok(8)).await.unwrap_err();
        assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
        // When the first abandoned job ends, its place in the account is free again.
        release_tx.send(()).unwrap();
        ended_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        release2_tx.send(()).unwrap();
        for _ in 0..100 {
            if let Ok(v) = work.run(|_| Ok(9)).await {
                assert_eq!(v, 9);
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the slots never came back");
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
