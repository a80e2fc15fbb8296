//! Building the update request.

use crate::core::json::Value;

use crate::core::options::MerakiConfig;
use crate::core::report::ValidationIssue;
use crate::core::request::{segments, Operation, Request};

/// Checks the arguments and body of an update and builds its request.
/// `body` is the exact JSON text that will be sent; `value` is that text parsed.
pub fn build(
    config: &MerakiConfig,
    organization_id: &str,
    id: &str,
    value: &Value,
    body: String,
) -> Result<Request, Vec<ValidationIssue>> {
    let params = [("organizationId", organization_id), ("id", id)];
    let [org, id] = segments(params, super::rules::validate(value).errors)?;
    Ok(Request {
        operation: Operation::UpdatePrivateApplication,
        url: format!(
            "{}/organizations/{org}/secureConnect/privateApplications/{id}",
            config.base_url
        ),
        body,
        credential: config.credential.clone(),
    })
}
