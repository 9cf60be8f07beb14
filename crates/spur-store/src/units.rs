//! Regions and units: found or created by name when a document is stored.

use crate::db::{Conn, args};

/// The unit of a document, found or created (with its region).
pub(crate) async fn unit_id(
    c: &mut Conn<'_>,
    doc: &spur_core::InspectionDocument,
) -> Result<i64, sqlx::Error> {
    let i = &doc.inspection;
    unit_of(c, &i.unit, i.specialty.as_deref(), i.region.as_deref()).await
}

/// The unit named `name` of `specialty` in `region`, found or created (with its region).
pub(crate) async fn unit_of(
    c: &mut Conn<'_>,
    name: &str,
    specialty: Option<&str>,
    region: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let region_id = match region {
        Some(region) => {
            let found = c
                .fetch_optional("SELECT id FROM regions WHERE name = $1", args![region])
                .await?;
            Some(match found {
                Some(r) => r.int(0)?,
                None => c
                    .fetch_one(
                        "INSERT INTO regions (name) VALUES ($1) RETURNING id",
                        args![region],
                    )
                    .await?
                    .int(0)?,
            })
        }
        None => None,
    };
    let specialty = specialty.map(str::to_string);
    let found = c
        .fetch_optional(
            "SELECT id FROM units WHERE name = $1 AND specialty IS NOT DISTINCT FROM $2 \
             AND region_id IS NOT DISTINCT FROM $3 ORDER BY id LIMIT 1",
            args![name, specialty.clone(), region_id],
        )
        .await?;
    match found {
        Some(r) => r.int(0),
        None => c
            .fetch_one(
                "INSERT INTO units (name, specialty, region_id) VALUES ($1, $2, $3) RETURNING id",
                args![name, specialty, region_id],
            )
            .await?
            .int(0),
    }
}
