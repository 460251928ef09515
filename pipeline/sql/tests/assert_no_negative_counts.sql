-- Published counts (integer columns) are never negative.
with cells as (
    select * from published_cells
),

final as (
    select table_name, row_key, column_name
    from cells
    where column_type = 'integer' and value < 0
)

select * from final order by table_name, row_key, column_name
