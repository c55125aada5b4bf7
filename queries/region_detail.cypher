// name: region_detail
// question: What is this region: its parent and sub-regions, its plans, and its targets by indicator? | 这个地区的上级、下辖地区、方案和各指标目标
// description: One row: the region (by GB/T 2260 code, id or exact name), its parent, sub-regions that have plans or agencies (at most 200), the plans applying to it or its sub-regions (or naming it), and its targets grouped by indicator (at most 500 targets).
// param region: 370200
// returns: id, name, code, level, parent, children, plans, indicators
MATCH (r:Region) WHERE r.code = $region OR r.id = $region OR r.name = $region
WITH r ORDER BY CASE WHEN r.code = $region THEN 0 ELSE 1 END LIMIT 1
OPTIONAL MATCH (r)-[:LOCATED_IN]->(up:Region)
CALL (r) {
  OPTIONAL MATCH (k:Region)-[:LOCATED_IN]->(r)
  WHERE EXISTS { (k)<-[:APPLIES_TO]-(:Plan) } OR EXISTS { (k)<-[:LOCATED_IN]-(:Agency) }
  WITH k ORDER BY k.code LIMIT 200
  RETURN collect(CASE WHEN k IS NULL THEN null ELSE {code: k.code, name: k.name, level: k.level} END) AS children
}
CALL (r) {
  CALL (r) {
    MATCH (p:Plan)-[:APPLIES_TO]->(:Region)-[:LOCATED_IN*0..3]->(r) RETURN p
    UNION
    MATCH (p:Plan {region: r.name}) RETURN p
  }
  WITH DISTINCT p ORDER BY p.level, p.date, p.title
  RETURN collect({id: p.id, title: p.title, level: p.level, region: p.region, date: p.date, kind: p.kind})
         AS plans
}
CALL (plans) {
  UNWIND plans AS plan
  MATCH (t:Target {document: plan.id})
  OPTIONAL MATCH (t)-[:MEASURES]->(i:Indicator)
  WITH plan, t, i ORDER BY coalesce(i.key, t.metric), t.year, t.id LIMIT 500
  WITH coalesce(i.key, t.metric) AS key, coalesce(i.name, t.metric) AS name, i IS NOT NULL AS linked,
       collect({id: t.id, metric: t.metric, year: t.year, value: t.value, value_max: t.value_max,
                unit: t.unit, comparator: t.comparator, plan_id: plan.id, plan: plan.title}) AS targets
  ORDER BY size(targets) DESC, key
  RETURN collect({key: key, name: name, linked: linked, targets: targets}) AS indicators
}
RETURN r.id AS id, r.name AS name, r.code AS code, r.level AS level,
       CASE WHEN up IS NULL THEN null ELSE {code: up.code, name: up.name, level: up.level} END AS parent,
       children, plans, indicators
