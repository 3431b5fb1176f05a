-- A new order (state 'received' by the column default). Parameters: one per column below;
-- :addons and :quote are JSON text, :monthly_vat0 and :one_off_vat0 decimal text (NULL
-- monthly for a custom offer).
INSERT INTO orders (order_id, created_by, org_id, company_name, business_id,
                    main_user_name, main_user_email, main_user_phone, main_user_id, main_user_created,
                    users, subscriptions, addons, training_date, notes, lang, quote, monthly_vat0,
                    one_off_vat0, custom_offer)
VALUES (:order_id, :created_by, :org_id, :company_name, :business_id,
        :main_user_name, :main_user_email, :main_user_phone, :main_user_id, :main_user_created,
        :users, :subscriptions, :addons, :training_date, :notes, :lang, :quote, :monthly_vat0,
        :one_off_vat0, :custom_offer)
