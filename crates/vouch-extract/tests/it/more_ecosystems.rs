//! TODO(helper): conformance and bad-input tests for these catalogers.
