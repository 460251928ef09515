-- Price observations of an item that is not in items.csv.
with observations as (
    select * from valid_price_observations
),

items as (
    select distinct parse_code(item_code) as item_code from valid_price_items
),

final as (
    select
        'price_observations' as table_name,
        observations._file as file,
        observations._line as line,
        'item_code' as column_name,
        'no item with this code' as reason
    from observations
    anti join items on parse_code(observations.item_code) = items.item_code
)

select * from final
