-- Published rates (columns named *_rate) are fractions in [0, 1].
with cells as (
    select * from published_cells
),

final as (
    select table_name, row_key, column_name
    from cells
    where column_name like '%\_rate' escape '\'
        and (value < 0 or value > 1)
)

select * from final order by table_name, row_key, column_name
