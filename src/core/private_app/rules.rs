//! Validation rules for `PrivateApplicationUpdate` (../shared/design/rules.md).
