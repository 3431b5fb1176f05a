-- Derived from usage_monthly by every load (reporting/ingest/derive.py): one row per
-- subscription and month with any usage, the usage types side by side. The usage reports read
-- it instead of pivoting usage_monthly per query (docs/data-model.md).
CREATE TABLE usage_subscription_monthly (
    org_id VARCHAR NOT NULL,
    month DATE NOT NULL,
    subscription_id VARCHAR NOT NULL,
    voice_min DECIMAL(18, 3) NOT NULL,
    sms DECIMAL(18, 3) NOT NULL,
    mms DECIMAL(18, 3) NOT NULL,
    data_mb DECIMAL(18, 3) NOT NULL,
    roaming_voice_min DECIMAL(18, 3) NOT NULL,     -- country other than FI
    roaming_data_mb DECIMAL(18, 3) NOT NULL,
    amount DECIMAL(18, 4)                          -- charged separately; NULL when all included
);

-- a database created before this table: fill it from what is loaded
INSERT INTO usage_subscription_monthly
SELECT org_id, month, subscription_id,
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'voice_min'), 0),
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'sms'), 0),
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'mms'), 0),
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'data_mb'), 0),
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'voice_min' AND country <> 'FI'), 0),
       coalesce(sum(quantity) FILTER (WHERE usage_type = 'data_mb' AND country <> 'FI'), 0),
       sum(amount)
FROM usage_monthly
GROUP BY org_id, month, subscription_id
ORDER BY org_id, month, subscription_id;
