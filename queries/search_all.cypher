// name: search_all
// question: What in the graph matches these words: plans, clauses, targets, agencies, regions, indicators? | 哪些方案、条款、目标、单位、地区、指标与这些词相关？
// description: The workbench's search box. Words are separated by spaces. Plans, agencies, regions and indicators match by name (every word, else some); clauses and targets by the CJK full-text index (each word a phrase, all words, else any). A word naming a region (青岛) narrows clause and target hits to that region's plans first. At most $limit rows per kind, best first.
// param q: 青岛 可再生能源
// param limit: 10 (int, default)
// returns: kind, id, label, context, context_id, text, score
WITH [w IN split(replace(trim($q), '　', ' '), ' ') WHERE w <> ''] AS words
// each word a Lucene phrase: only a double quote and a backslash need escaping inside one
WITH words, [w IN words | '"' + replace(replace(w, '\\', '\\\\'), '"', '\\"') + '"'] AS phrases
CALL (words) {
  // regions named by a word (青岛 → 青岛市): the place the other words are looked for in
  OPTIONAL MATCH (r:Region) WHERE any(w IN words WHERE size(w) >= 2 AND r.name STARTS WITH w)
  RETURN collect(r) AS places, [w IN words WHERE NOT EXISTS {
           MATCH (r2:Region) WHERE size(w) >= 2 AND r2.name STARTS WITH w }] AS topics
}
CALL (words, phrases, places, topics) {
  MATCH (p:Plan) WHERE any(w IN words WHERE p.title CONTAINS w)
  WITH p, size([w IN words WHERE p.title CONTAINS w]) AS matched
  RETURN 'Plan' AS kind, p.id AS id, p.title AS label, coalesce(p.region, p.issuer) AS context,
         null AS context_id, p.doc_number AS text,
         toFloat(matched) + CASE WHEN EXISTS { (p)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(x)
                                               WHERE x IN places } THEN 1.0 ELSE 0.0 END
         - size(p.title) / 1000.0 AS score
  UNION
  MATCH (a:Agency) WHERE any(w IN words WHERE a.name CONTAINS w OR any(n IN a.names WHERE n CONTAINS w))
  WITH a, size([w IN words WHERE a.name CONTAINS w OR any(n IN a.names WHERE n CONTAINS w)]) AS matched
  RETURN 'Agency' AS kind, a.id AS id, a.name AS label, a.region AS context, null AS context_id,
         null AS text,
         toFloat(matched) + CASE WHEN a.name IN words THEN 1.0 ELSE 0.0 END
         + COUNT { (a)-[:RESPONSIBLE_FOR]->() } / 100000.0 - size(a.name) / 1000.0 AS score
  UNION
  MATCH (r:Region) WHERE any(w IN words WHERE r.name CONTAINS w)
  WITH r, size([w IN words WHERE r.name CONTAINS w]) AS matched
  RETURN 'Region' AS kind, r.code AS id, r.name AS label, r.level AS context, null AS context_id,
         null AS text,
         toFloat(matched) + CASE WHEN r.name IN words THEN 1.0 ELSE 0.0 END - size(r.name) / 1000.0 AS score
  UNION
  MATCH (i:Indicator) WHERE any(w IN words WHERE i.name CONTAINS w OR any(n IN i.names WHERE n CONTAINS w))
  WITH i, size([w IN words WHERE i.name CONTAINS w OR any(n IN i.names WHERE n CONTAINS w)]) AS matched
  RETURN 'Indicator' AS kind, i.key AS id, i.name AS label, null AS context, null AS context_id,
         null AS text,
         toFloat(matched) + COUNT { (i)<-[:MEASURES]-() } / 100000.0 - size(i.name) / 1000.0 AS score
  UNION
  // clauses and targets of the named places' plans that hold every other word (anchored on the place)
  UNWIND places AS place
  MATCH (p:Plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(place)
  WITH DISTINCT p, topics WHERE size(topics) > 0
  CALL (p, topics) {
    MATCH (t:Target {document: p.id}) WHERE all(w IN topics WHERE t.text CONTAINS w)
    RETURN t AS node
    UNION
    MATCH (c:Clause {document: p.id}) WHERE all(w IN topics WHERE c.search_text CONTAINS w)
    RETURN c AS node
  }
  RETURN head(labels(node)) AS kind, node.id AS id,
         CASE WHEN node:Target THEN node.metric ELSE node.path + ' ' + coalesce(node.heading, '') END AS label,
         p.title AS context, p.id AS context_id, left(node.text, 200) AS text,
         100.0 - node.start / 1.0e7 AS score
  UNION
  // everywhere: the full-text index, all words first, then any
  WITH words, phrases, reduce(s = '', x IN phrases | s + CASE s WHEN '' THEN '' ELSE ' AND ' END + x) AS every,
       reduce(s = '', x IN phrases | s + CASE s WHEN '' THEN '' ELSE ' OR ' END + x) AS some
  WHERE size(phrases) > 0
  CALL db.index.fulltext.queryNodes('policykg_text', every + ' OR (' + some + ')', {limit: $limit * 4})
  YIELD node, score
  MATCH (p:Plan {id: node.document})
  // a clause headed by the words, and one many local clauses derive from, is the one looked for
  RETURN head(labels(node)) AS kind, node.id AS id,
         CASE WHEN node:Target THEN node.metric ELSE node.path + ' ' + coalesce(node.heading, '') END AS label,
         p.title AS context, p.id AS context_id, left(node.text, 200) AS text,
         score + CASE WHEN node.heading IN words OR node.heading = trim($q) THEN 5.0 ELSE 0.0 END
         + COUNT { (node)<-[:DERIVES_FROM]-(:Clause) } / 10.0 AS score
}
WITH kind, id, max(score) AS score, head(collect(label)) AS label, head(collect(context)) AS context,
     head(collect(context_id)) AS context_id, head(collect(text)) AS text
ORDER BY kind, score DESC, id
WITH kind, collect({id: id, label: label, context: context, context_id: context_id, text: text,
                    score: score})[..$limit] AS best
UNWIND best AS hit
RETURN kind, hit.id AS id, hit.label AS label, hit.context AS context, hit.context_id AS context_id,
       hit.text AS text, hit.score AS score
ORDER BY CASE kind WHEN 'Plan' THEN 0 WHEN 'Clause' THEN 1 WHEN 'Target' THEN 2 WHEN 'Agency' THEN 3
                   WHEN 'Region' THEN 4 ELSE 5 END, score DESC, id
