"""``sdc serve``: the web app of researchers, output checkers and admins over the ledger."""
