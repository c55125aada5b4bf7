"""``policykg serve``: the analyst's local web workbench over the graph in Neo4j (read-only).

Server-rendered pages (FastAPI + Jinja2 with autoescaping), the project's vis-network views in
frames, SVG charts drawn on the server, a JSON API with OpenAPI docs. Everything it reads goes
through :mod:`policykg.queries.run`.
"""
