-- The player's language, for mail that answers no page request (an operator's reset link, a password changed
-- from the CLI or the console, a new-device notice without a page): set at registration from the page's
-- language and on each sign-in from the language the login page was shown in. Null: never seen (English).
alter table accounts
  add column locale text check (locale in ('en', 'de', 'sv'));
