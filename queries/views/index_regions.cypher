// name: index_regions
// question: Which regions have the most plans? | 哪些地区的方案最多？
// description: The overview page's region list (policykg viz index): the region each corpus plan applies to (or names), most plans first.
// param limit: 60 (int, default)
// returns: id, name, level, work
MATCH (p:Plan) WHERE NOT coalesce(p.external, false)
OPTIONAL MATCH (p)-[:APPLIES_TO]->(linked:Region)
OPTIONAL MATCH (named:Region {name: p.region})
WITH coalesce(linked, named) AS r, count(DISTINCT p) AS work WHERE r IS NOT NULL
RETURN r.id AS id, r.name AS name, r.level AS level, work ORDER BY work DESC, r.name LIMIT $limit
