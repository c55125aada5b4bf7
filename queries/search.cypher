// name: search
// question: Which clauses and targets mention these words? | 哪些条款和目标提到了这些词？
// description: Full-text search over clause and target text with Neo4j's CJK analyzer (Lucene query syntax: quotes for phrases, AND/OR).
// param q: 海上风电
// param limit: 20 (int, default)
// param skip: 0 (int, default)
// returns: kind, score, plan, clause_path, heading, text, source, start, end, page
// Lucene ranks: the best $skip + $limit hits are fetched and counted first; every hit is fetched
// only when some of those make no row (a target stated in no clause) and leave the page short
CALL db.index.fulltext.queryNodes('policykg_text', $q, {limit: $skip + $limit}) YIELD node AS hit
WITH count(hit) AS fetched,
     sum(CASE WHEN EXISTS { (hit)-[:QUANTIFIES]->(:Clause) }
              THEN COUNT { (hit)-[:QUANTIFIES]->(:Clause)-[:PART_OF]->(:Plan) }
              ELSE COUNT { (hit)-[:PART_OF]->(:Plan) } END) AS rows
WITH CASE WHEN rows >= $skip + $limit OR fetched < $skip + $limit
          THEN {limit: $skip + $limit} ELSE {} END AS options
CALL db.index.fulltext.queryNodes('policykg_text', $q, options) YIELD node, score
OPTIONAL MATCH (node)-[:QUANTIFIES]->(tc:Clause)
WITH node, score, coalesce(tc, node) AS clause
MATCH (clause)-[:PART_OF]->(p:Plan)
RETURN head(labels(node)) AS kind, score, p.title AS plan, clause.path AS clause_path,
       clause.heading AS heading, left(node.text, 160) AS text, node.source AS source,
       node.start AS start, node.end AS end, node.page AS page
// equal scores in a fixed order, so pages neither overlap nor leave a row out
ORDER BY score DESC, source, start, kind
SKIP $skip LIMIT $limit
