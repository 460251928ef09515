-- The shops whose prices are observed.
with source as (
    select * from valid_price_stores
),

final as (
    select
        ref_name('stores', store) as store,
        accepted_code('price_stores', 'store_type', store_type) as store_type,
        ref_name('districts', district) as district
    from source
    qualify row_number() over (partition by ref_name('stores', store) order by _file desc, _line desc) = 1
)

select * from final
