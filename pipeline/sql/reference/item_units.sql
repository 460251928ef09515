-- Items listed under one code with more than one unit or spec: their prices cannot be
-- compared (1 kg against a 90 kg sack), so the build stops and names the first such row.
with items as (
    select _file, _line, parse_code(item_code) as item_key, trim(item_code) as item_code,
           coalesce(lower(trim(unit)), '') as unit, coalesce(lower(trim(spec)), '') as spec
    from valid_price_items
),

several as (
    select item_key, count(distinct (unit, spec)) as forms,
           string_agg(distinct unit || case when spec <> '' then ' ' || spec else '' end, ', '
                      order by unit || case when spec <> '' then ' ' || spec else '' end) as listed
    from items
    group by item_key
    having count(distinct (unit, spec)) > 1
),

final as (
    select items._file as file, min(items._line) as line, items.item_code, several.forms,
           several.listed
    from items
    inner join several on items.item_key = several.item_key
    group by items._file, items.item_code, several.forms, several.listed
    order by file, line
)

select * from final
