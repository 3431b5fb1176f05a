-- An organisation's own plans: the plans its subscriptions file introduced (a plan name not in
-- the operator's catalogue, with the file's monthly fee and data allowance). They are that
-- organisation's only: its reports show them where they name its subscriptions' plans, and
-- no organisation's optimisation rules recommend them (a change of plan is always to a plan
-- of the operator's catalogue, ``plans``, which only the operator's plans file and the demo
-- load). Plans that customer files added to ``plans`` before this table existed cannot be
-- told from the operator's and stay in the catalogue (docs/data-contract.md).
CREATE TABLE org_plans (
    org_id VARCHAR NOT NULL,
    plan VARCHAR NOT NULL,
    service_type service_type NOT NULL,
    monthly_fee DECIMAL(12, 2) NOT NULL,
    data_gb DECIMAL(10, 2),              -- NULL = unlimited
    PRIMARY KEY (org_id, plan)
);
