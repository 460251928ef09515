-- The monitored items; codes are matched case-insensitively, shown as written.
with source as (
    select * from valid_price_items
),

final as (
    select
        trim(item_code) as item_code,
        parse_code(item_code) as item_key,
        clean_text(name_zh) as name_zh,
        coalesce(clean_text(name_en), clean_text(name_zh)) as name_en,
        accepted_code('price_items', 'category', category) as category,
        ref_name('units', unit) as unit,
        ref_unit_currency(unit) as currency,
        clean_text(spec) as spec,
        clean_text(spec_en) as spec_en
    from source
    qualify row_number() over (partition by parse_code(item_code) order by _file desc, _line desc) = 1
)

select * from final
