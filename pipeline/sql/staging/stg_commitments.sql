-- Officials' public commitments; one row per id (a later file or line wins).
with source as (
    select * from valid_commitments
),

final as (
    select
        trim(commitment_id) as commitment_id,
        cast(parse_number(year) as integer) as year,
        clean_text(owner_role) as owner_role,
        clean_text(owner_name) as owner_name,
        clean_text(department) as department,
        clean_text(title) as title,
        clean_text(description) as description,
        clean_text(target) as target,
        parse_date(deadline) as deadline,
        clean_text(category) as category
    from source
    qualify row_number() over (
        partition by trim(commitment_id) order by _file desc, _line desc
    ) = 1
)

select * from final
