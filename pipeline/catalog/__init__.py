"""Published tables beyond DESIGN.md's fixed ones: one module per domain, each with TABLES.

A module here imports `Published`, `Col`, `Policy`, `Rate` from pipeline.tables /
pipeline.disclosure and lists its tables; the mart of the same name must exist in
pipeline/sql/marts/. Tables built from case, hotline or disclosure records need a Policy.
"""
