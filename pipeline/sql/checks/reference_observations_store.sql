-- Price observations in a shop that is not in stores.csv.
with observations as (
    select * from valid_price_observations
),

stores as (
    select distinct trim(store) as store from valid_price_stores
),

final as (
    select
        'price_observations' as table_name,
        observations._file as file,
        observations._line as line,
        'store' as column_name,
        'no shop with this name' as reason
    from observations
    anti join stores on trim(observations.store) = stores.store
)

select * from final
