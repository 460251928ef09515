-- A price's currency is that of its unit in units.csv (the portal's contract says CNY, the
-- default for a listed unit without one and for an unlisted unit).
create or replace macro ref_unit_currency(s) as (
    coalesce(
        (select min(nullif(upper(trim(u.currency)), ''))
         from ref_units as u
         inner join ref_lookup as l on l.dimension = 'units' and l.name_zh = u.name_zh
         where l.key = ref_key(s)),
        'CNY')
);
