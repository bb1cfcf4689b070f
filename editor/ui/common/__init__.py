"""Widgets and services every view shares: theme, settings, dialogs, charts, background workers."""
