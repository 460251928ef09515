-- Ids given more than once with different values in the columns that feed figures
-- ($compared; the valid tables hold such duplicates once): the number of such ids, and
-- for the first ones the places (file, line) and the columns that differ.
-- The ids are counted from the key column alone; only the rows of repeated ids are read
-- whole (the view is read twice rather than copied whole once). Raw values are trimmed
-- at ingest: the ids are compared as they are (trimming a million again cost a third of
-- this check).
with conflicts as (
    select _id
    from (select columns(lambda c: c = $key) as _id from query_table($view))
    where _id <> ''
    group by _id
    having count(*) > 1
),

rows as (
    select keyed.*
    from (select *, columns(lambda c: c = $key) as _id from query_table($view)) keyed
    semi join conflicts on conflicts._id = keyed._id
),

cells as (
    unpivot (select _id, columns(lambda c: list_contains($compared, c)) from rows)
    on columns(* exclude (_id))
    into name column_name value value
),

differing as (
    select _id, list(column_name order by column_name) as columns
    from (
        select _id, column_name
        from cells
        group by _id, column_name
        having count(distinct value) > 1
    )
    group by _id
),

places as (
    select _id, list({'file': _file, 'line': _line} order by _file, _line) as places
    from rows
    group by _id
),

final as (
    select
        count(*) over () as ids,
        places.places,
        differing.columns
    from places
    inner join differing on differing._id = places._id
)

select * from final
order by places[1].file, places[1].line
limit 10
