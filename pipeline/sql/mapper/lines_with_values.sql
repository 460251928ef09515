-- Lines of the export whose column holds one of the given values (codes left unmapped).
with source as (
    select _line, trim(columns(lambda c: c = $column)) as value from export
),

final as (
    select _line as line from source where list_contains($values, value)
)

select * from final
