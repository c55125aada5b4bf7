"""Pages of the graph: the last stage (loaders → graph → queries → viz), and a leaf: nothing but the
CLI imports it.

Viz holds no Cypher. :mod:`policykg.viz.views` runs the view queries of ``queries/views/`` (same
headers and tests as the canned queries) through :func:`policykg.queries.run.run_view` and turns
their paths into typed networkx graphs (:mod:`policykg.graph.nx`); :mod:`policykg.viz.page`
renders a graph as one self-contained, offline HTML page; :mod:`policykg.viz.index` writes the
overview linking a bounded set of view pages.
"""
