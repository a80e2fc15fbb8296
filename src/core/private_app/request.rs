//! Building the update request.

use serde_json::Value;

use crate::core::options::MerakiConfig;
use crate::core::report::{Reporter, ValidationIssue};
use crate::core::request::{issues, path_segment, Operation, Request};

/// Checks the arguments and body of an update and builds its request.
/// `body` is the exact JSON text that will be sent; `value` is that text parsed.
pub fn build(
    config: &MerakiConfig,
    organization_id: &str,
    id: &str,
    value: &Value,
    body: String,
) -> Result<Request, Vec<ValidationIssue>> {
    let mut r = Reporter::new();
    let org = path_segment("organizationId", organization_id, &mut r);
    let id = path_segment("id", id, &mut r);
    let mut problems = issues(r).err().unwrap_or_default();
    problems.extend(super::rules::validate(value).errors);
    if !problems.is_empty() {
        return Err(problems);
    }
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
