"""Pipeline stages: each is `Document -> Document` with a versioned name."""
