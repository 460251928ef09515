-- One price per item, shop and day (a later file or line wins a conflict).
with source as (
    select * from valid_price_observations
),

typed as (
    select
        _file,
        _line,
        parse_date(observed_on) as observed_on,
        parse_code(item_code) as item_key,
        ref_name('stores', store) as store,
        parse_number(price) as price
    from source
),

final as (
    select observed_on, item_key, store, price
    from typed
    qualify row_number() over (
        partition by observed_on, item_key, store
        order by _file desc, _line desc
    ) = 1
)

select * from final
