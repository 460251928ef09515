-- The totals that the parts of this table do not add up to: the column summed over the
-- rows of one key of the other table ({to}) against that table's figure, both before
-- suppression (`against` names the other table's column when it differs). A key on
-- one side only counts as 0 on the other: it fails unless its figure is 0.
with parts as (
    select {part_keys}, sum({column}) as parts
    from {table}
    group by all
),

totals as (
    select {total_keys}, {total_column} as total
    from {to}
)

select {keys}
from parts
full outer join totals using ({keys})
where coalesce(parts.parts, 0) <> coalesce(totals.total, 0)
