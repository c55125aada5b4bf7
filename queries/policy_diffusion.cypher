// name: policy_diffusion
// question: Did each local clause copy the clause it derives from, localise it, or only echo it? | 各地方条款是照搬、本地化改写还是仅与来源条款弱相关？
// description: One row per DERIVES_FROM clause pair of a plan (id, title or part of it) or of a region's plans (its sub-regions' included; a national or ministry plan's region is 全国): the local clause, the source clause and plan, the link's score. The class columns (verbatim, kept, class, local_specifics) are computed by policykg.queries.diffusion from the two texts (docs/policy-diffusion.md); the texts are not shown. Give plan, region or both; neither: every pair.
// param plan:  (optional)
// param region: 青岛 (optional)
// param limit: 500 (int, default)
// param skip: 0 (int, default)
// returns: region, region_code, plan, plan_id, level, clause_id, clause_path, clause_heading, source_plan, source_plan_id, source_level, source_clause_id, source_path, source_heading, score, source, start, end, page, verbatim, kept, class, local_specifics
MATCH (p:Plan)
WHERE p.external = false AND ($plan IS NULL OR p.id = $plan OR p.title = $plan OR p.title CONTAINS $plan)
OPTIONAL MATCH (p)-[:APPLIES_TO]->(r:Region)
WITH p, r
WHERE $region IS NULL OR EXISTS {
  MATCH (r)-[:LOCATED_IN*0..3]->(top:Region)
  WHERE top.code = $region OR top.name = $region OR top.name STARTS WITH $region
}
MATCH (c:Clause)-[:PART_OF]->(p)
MATCH (c)-[d:DERIVES_FROM]->(s:Clause)-[:PART_OF]->(sp:Plan)
WITH p, r, c, d, s, sp
ORDER BY r.code, p.title, c.start, sp.title, s.start
SKIP $skip LIMIT $limit
RETURN coalesce(r.name, p.region, CASE WHEN p.level IN ['national', 'ministry'] THEN '全国' END) AS region, r.code AS region_code, p.title AS plan, p.id AS plan_id,
       p.level AS level, c.id AS clause_id, c.path AS clause_path, c.heading AS clause_heading,
       sp.title AS source_plan, sp.id AS source_plan_id, sp.level AS source_level,
       s.id AS source_clause_id, s.path AS source_path, s.heading AS source_heading, d.score AS score,
       c.source AS source, c.start AS start, c.end AS end, c.page AS page,
       c.text AS local_text, s.text AS source_text
