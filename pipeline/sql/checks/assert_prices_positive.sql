-- Price observations that are not a positive amount.
with observations as (
    select * from valid_price_observations
),

final as (
    select
        'price_observations' as table_name,
        _file as file,
        _line as line,
        'price' as column_name,
        'price must be above zero' as reason
    from observations
    where parse_number(price) <= 0
)

select * from final
