//! The models of `PUT /organizations/{organizationId}/secureConnect/privateApplications/{id}`,
//! documented from the Meraki API page.

use serde::{Deserialize, Serialize};

/// The body of an update: what a private application should become.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PrivateApplicationUpdate {
    /// Name of Application. This is required and should be unique across all applications for a
    /// given organization. Name cannot have any special characters other than spaces and hyphens.
    pub name: String,
    /// Optional Text description for Application
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub description: Option<String>,
    /// List of IP address destinations.
    pub destinations: Vec<Destination>,
    /// Protocol for communication between proxy to private application: `http` or `https`.
    /// Applicable for Browser Based Access only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub app_protocol: Option<String>,
    /// Optional SNI. Applicable for Browser Based Access only. SNI should be a valid domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sni: Option<String>,
    /// Cisco or Customer Managed URL for Application. Applicable for Browser Based Access only.
    /// System generated from the application name and organization ID: it overrides what is sent.
    #[serde(
        default,
        rename = "externalFQDN",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub external_fqdn: Option<String>,
    /// Enable Upstream SSL verification for the internally hosted URL by the customer.
    /// Applicable for Browser Based Access only. Default is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ssl_verification_enabled: Option<bool>,
    /// List of application group ids attached to this Private Application
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub application_group_ids: Option<Vec<String>>,
}

/// An IP address destination of a private application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    /// IPv4 address and CIDR are allowed for Network Access Policy (accessType = network).
    /// Only /32 addresses are allowed for Browser Access Policy (accessType = browser).
    /// IPv6 is unsupported.
    pub destination_addr: Vec<String>,
    /// List of protocols and ports for IP address destinations. Protocols must be unique in this list.
    pub protocol_ports: Vec<ProtocolPort>,
    /// Browser Based Access or Network Based Access.
    pub access_type: AccessType,
}

/// A protocol and the ports it reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ProtocolPort {
    /// Protocol for connecting with Application Upstream (`TCP`, `UDP`, `ANY`).
    /// Only TCP protocol is allowed for Browser Based Access.
    pub protocol: String,
    /// Port for connecting with Application Upstream. Comma separated ports and port ranges
    /// are allowed (`"443"`, `"80-82"`, `"80,443,8000-8100"`). Port number must be in between 1-65535.
    pub ports: String,
}

/// Browser Based Access or Network Based Access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "lowercase")]
pub enum AccessType {
    /// Browser Based Access: single hosts (`/32`), TCP only.
    Browser,
    /// Network Based Access: IPv4 addresses and CIDR blocks.
    #[default]
    Network,
}

/// A private application as the server returns it: a field this model does not list is on the
/// object too, and a field may come with another type than the one declared here (the call
/// resolves whatever the body holds).
// In Rust, read an answer as `core::received::Received<PrivateApplication>`, which keeps those
// fields as sent instead of failing (plain comments: they stay out of the TypeScript docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PrivateApplication {
    /// Private Application resource ID, use this ID as reference for subsequent requests
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub application_id: Option<String>,
    /// Name of Application, unique across all applications of the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub name: Option<String>,
    /// Optional Text description for Application
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub description: Option<String>,
    /// Destination targets for Private Applications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub destinations: Option<Vec<Destination>>,
    /// Protocol for communication between proxy to private application (browser access only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub app_protocol: Option<String>,
    /// Optional SNI. Applicable for Browser Based Access only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sni: Option<String>,
    /// Cisco or Customer Managed URL for Application, generated by the server.
    #[serde(
        default,
        rename = "externalFQDN",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub external_fqdn: Option<String>,
    /// Upstream SSL verification for the internally hosted URL. Default is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub ssl_verification_enabled: Option<bool>,
    /// List of application group ids attached to this Private Application
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub application_group_ids: Option<Vec<String>>,
    /// Creation time of the private app (ISO 8601 date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub created_at: Option<String>,
    /// Last modified time of the private app (ISO 8601 date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub modified_at: Option<String>,
}
