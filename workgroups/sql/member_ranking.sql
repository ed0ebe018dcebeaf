-- The member suggestions for one idea, best first, in one query (workgroups/ranking.py).
--
-- Score: {w_focus} per shared focus area + {w_sector} per shared sector + {w_town} for the same
-- municipality (one the idea concerns) + {w_own} for the idea's own member - {w_load} per active group the member
-- already sits in. Ties: fewer active groups first, then name, then id.
--
-- Only a member who shares something with the idea can score above zero, so the query never
-- reads the whole bank; the rows it touches grow with the members sharing a theme with the
-- idea. The answer is exactly the top of the full ranking: tests/workgroups/test_ranking_sql.py
-- compares it with a plain computation over every member.
--
-- Named parameters: idea, limit, window (how many of the best `pts` rows `floor` looks at),
-- active, broad, focus_scope, own_scope. {{...}} are filled in by the builder: table names,
-- weights, and the fragments {{eligible}} and {{load_of_*}}.

-- idea: the municipalities the idea concerns (none for an idea of the whole region).
-- pts: each member's points from what they share with the idea, from rows of the indexed
-- many-to-many tables (focus areas, sectors) and of the member table (municipality, own idea).
WITH idea AS (
    SELECT municipality_id FROM {idea_municipalities} WHERE idea_id = %(idea)s
), pts AS {materialized} (
    SELECT u.member_id, SUM(u.w) AS base
    FROM (
        SELECT mf.member_id, {w_focus} AS w FROM {member_focus} mf
        WHERE mf.focusarea_id IN (SELECT focusarea_id FROM {idea_focus} WHERE idea_id = %(idea)s)
        UNION ALL
        SELECT ms.member_id, {w_sector} FROM {member_sectors} ms
        WHERE ms.sector_id IN (SELECT sector_id FROM {idea_sectors} WHERE idea_id = %(idea)s)
        UNION ALL
        SELECT m.id, {w_town} FROM {member} m
        WHERE m.municipality_id IN (SELECT municipality_id FROM idea)
        UNION ALL
        SELECT m.id, {w_own} FROM {member} m WHERE m.idea_id = %(idea)s
    ) u
    GROUP BY u.member_id
-- taken: members already in a group working on this idea (never suggested again).
), taken AS (
    SELECT p.member_id FROM {participant} p
    JOIN {group_ideas} gi ON gi.workinggroup_id = p.group_id
    WHERE gi.idea_id = %(idea)s AND p.member_id IS NOT NULL
-- floor: the `limit`-th best full score (eligibility and load included) among the best `pts`
-- rows; a lower bound of the final `limit`-th score, so only members whose points reach it
-- are looked up and have their active groups counted.
), floor AS (
    SELECT COUNT(*) AS n, MIN(best.score) AS lowest
    FROM (
        SELECT e.points - {w_load} * ({load_of_e}) AS score
        FROM (
            SELECT top.member_id, top.base AS points
            FROM (SELECT * FROM pts ORDER BY base DESC LIMIT %(window)s) top
            JOIN {member} m ON m.id = top.member_id
            WHERE {eligible}
        ) e
        ORDER BY score DESC
        LIMIT %(limit)s
    ) best
-- candidates: members whose points reach the floor; broad members who share nothing
-- (score = -load) only when the floor is not above zero or fewer than `limit` share anything.
), candidates AS {materialized} (
    SELECT member_id, base FROM pts
    WHERE (SELECT n FROM floor) < %(limit)s OR base >= (SELECT lowest FROM floor)
    UNION ALL
    SELECT m.id, 0 FROM {member} m
    WHERE (SELECT n < %(limit)s OR lowest <= 0 FROM floor)
      AND m.status = %(active)s AND m.scope = %(broad)s
      AND m.id NOT IN (SELECT member_id FROM pts)
)
-- ranked: every candidate in full, with the flags the reasons are written from.
SELECT ranked.*, ranked.points - {w_load} * ranked.active_groups AS score FROM (
    SELECT m.*,
           c.base AS points,
           CASE WHEN m.municipality_id IN (SELECT municipality_id FROM idea) THEN 1 ELSE 0 END
               AS same_municipality,
           CASE WHEN m.idea_id = %(idea)s THEN 1 ELSE 0 END AS own_idea,
           (SELECT COUNT(*) FROM idea) AS idea_municipalities,
           ({load_of_m}) AS active_groups,
           (SELECT mu.name FROM {municipality} mu WHERE mu.id = m.municipality_id)
               AS municipality_name
    FROM candidates c
    {join_member_of_c}
    WHERE {eligible}
) ranked
ORDER BY score DESC, ranked.active_groups, ranked.name, ranked.id
LIMIT %(limit)s
