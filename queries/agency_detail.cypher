// name: agency_detail
// question: Who is this agency: names, region, parent, and how many duties and targets does it carry? | 这个单位的名称、地区、上级和承担的职责数
// description: One row: the agency's names as written, type, region, the government or agency it belongs to, how many clauses it is named responsible for (by role, as the graph records roles), in how many plans, and the plans it issued. By id or canonical name.
// param agency: agency:青岛市发展和改革委员会
// returns: id, name, names, agency_type, region, region_code, parents, duties, roles, plans, targets, issued
MATCH (a:Agency) WHERE a.id = $agency OR a.name = $agency
WITH a ORDER BY CASE WHEN a.id = $agency THEN 0 ELSE 1 END LIMIT 1
CALL (a) {
  OPTIONAL MATCH (a)-[:SUB_ORGANIZATION_OF]->(g:Agency)
  RETURN collect(CASE WHEN g IS NULL THEN null ELSE {id: g.id, name: g.name} END) AS parents
}
CALL (a) {
  OPTIONAL MATCH (a)-[r:RESPONSIBLE_FOR]->(c:Clause)
  WITH r.role AS role, count(r) AS n, collect(DISTINCT c.document) AS documents,
       sum(COUNT { (c)-[:HAS_CLAUSE*0..3]->(:Clause)<-[:QUANTIFIES]-(:Target) }) AS targets
  WITH role, n, documents, targets ORDER BY n DESC
  RETURN sum(n) AS duties,
         collect(CASE WHEN role IS NULL THEN null ELSE {role: role, duties: n} END) AS roles,
         size(reduce(all = [], d IN collect(documents) | all + [x IN d WHERE NOT x IN all])) AS plans,
         sum(targets) AS targets
}
CALL (a) {
  OPTIONAL MATCH (p:Plan)-[:ISSUED_BY]->(a)
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {id: p.id, title: p.title} END) AS issued
}
RETURN a.id AS id, a.name AS name, a.names AS names, a.agency_type AS agency_type, a.region AS region,
       a.region_code AS region_code, parents, duties, roles, plans, targets, issued
