"""Custom actions of the claims assistant, one module per capability."""
