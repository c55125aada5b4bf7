// name: index_plans
// question: Which plans does the corpus hold? | 语料中有哪些方案？
// description: The overview page's plan list (policykg viz index), by level, region and title.
// param limit: 200 (int, default)
// returns: id, name, level, region, date
MATCH (p:Plan) WHERE NOT coalesce(p.external, false)
RETURN p.id AS id, p.title AS name, p.level AS level, p.region AS region, p.date AS date
ORDER BY p.level, p.region, p.title LIMIT $limit
