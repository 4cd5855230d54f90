-- Every sale writes processor clearing, the orders escrow and processor fees; one balance row each
-- made every sale wait for the one before it. Spread them over 8 stripes, as platform.revenue is
-- (see dev.mercato.orders.MarketplaceAccounts, which opens new ones this way). The escrow is a
-- pass-through a capture fills and the split empties in one ledger step, so it may go negative
-- per stripe while its stripes sum to zero. Existing balances stay on stripe 0; the new stripes
-- start at zero, so every account's balance is unchanged.
UPDATE ledger_accounts
   SET stripes = 8,
       allow_negative = allow_negative OR purpose = 'orders.escrow'
 WHERE stripes < 8
   AND ((owner_type = 'system' AND owner_id = 'processor' AND purpose IN ('processor.clearing', 'processor.fees'))
     OR (owner_type = 'system' AND owner_id = 'orders' AND purpose = 'orders.escrow'));

INSERT INTO ledger_balances (account_id, stripe)
SELECT a.id, s
  FROM ledger_accounts a
 CROSS JOIN generate_series(1, 7) s
 WHERE (a.owner_type = 'system' AND a.owner_id = 'processor' AND a.purpose IN ('processor.clearing', 'processor.fees'))
    OR (a.owner_type = 'system' AND a.owner_id = 'orders' AND a.purpose = 'orders.escrow')
ON CONFLICT (account_id, stripe) DO NOTHING;
