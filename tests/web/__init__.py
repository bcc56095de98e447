"""Tests of the web app and REST API (`eventwire serve`)."""
