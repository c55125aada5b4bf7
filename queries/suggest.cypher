// name: suggest
// question: Which regions, agencies and indicators start with (or contain) what is typed? | 输入提示：以此开头（或包含此文字）的地区、单位、指标
// description: Suggestions while typing in the workbench's search box: names that start with the text first, then names that contain it; shorter names first.
// param q: 青岛
// param limit: 10 (int, default)
// returns: kind, id, label, context
WITH trim($q) AS q WHERE size(trim($q)) > 0
CALL (q) {
  MATCH (r:Region) WHERE r.name CONTAINS q
  RETURN 'Region' AS kind, r.code AS id, r.name AS label, r.level AS context,
         CASE WHEN r.name STARTS WITH q THEN 0 ELSE 1 END AS rank, size(r.name) AS length
  UNION
  MATCH (a:Agency) WHERE a.name CONTAINS q
  RETURN 'Agency' AS kind, a.id AS id, a.name AS label, a.region AS context,
         CASE WHEN a.name STARTS WITH q THEN 0 ELSE 1 END AS rank, size(a.name) AS length
  UNION
  MATCH (i:Indicator) WHERE i.name CONTAINS q OR any(n IN i.names WHERE n CONTAINS q)
  RETURN 'Indicator' AS kind, i.key AS id, i.name AS label, null AS context,
         CASE WHEN i.name STARTS WITH q THEN 0 ELSE 1 END AS rank, size(i.name) AS length
}
RETURN kind, id, label, context
ORDER BY rank, length, label
LIMIT $limit
