-- Removes everything deploy/snowflake/setup.sql created, dependants first:
--   snow sql -f deploy/snowflake/cleanup.sql
USE ROLE ACCOUNTADMIN;
DROP SERVICE IF EXISTS API.PUBLIC.API;
DROP COMPUTE POOL IF EXISTS API;
-- The database holds the image repository and the stage with the service spec.
DROP DATABASE IF EXISTS API;
-- Dropping the user drops its programmatic access token.
DROP USER IF EXISTS APIUSER;
DROP NETWORK POLICY IF EXISTS API_NP;
DROP ROLE IF EXISTS APIROLE;
DROP ROLE IF EXISTS DATA_API_ROLE;
DROP WAREHOUSE IF EXISTS DATA_API_WH;
