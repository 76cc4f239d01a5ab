"""Portico's bundled, Auth0-compatible identity service (a separate Django project)."""
