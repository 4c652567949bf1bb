/* quickstart.c: create a table, save, read and delete an item.
 *
 * Runs against the endpoint in AWS_ENDPOINT_URL_DYNAMODB (scripts/quickstart.sh
 * starts DynamoDB Local and sets it), with credentials from the environment.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <dynantic.h>

static JsonObject *
call (DynanticClient *client,
      const char     *operation,
      const char     *json)
{
  g_autoptr(JsonNode) request = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *response;

  response = dynantic_client_call (client, operation, json_node_get_object (request), NULL, &error);
  if (response == NULL)
    g_error ("%s failed: %s", operation, error->message);
  return response;
}

int
main (void)
{
  g_autoptr(DynanticClient) client = dynantic_client_new ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) deleted = NULL;
  g_autoptr(JsonNode) item = NULL;
  g_autofree char *text = NULL;

  g_print ("Dynantic %s, endpoint %s, region %s\n", DYNANTIC_VERSION_S,
           dynantic_client_get_endpoint (client), dynantic_client_get_region (client));

  created = call (client, "CreateTable",
                  "{\"TableName\":\"products\","
                  "\"AttributeDefinitions\":[{\"AttributeName\":\"product_id\",\"AttributeType\":\"S\"}],"
                  "\"KeySchema\":[{\"AttributeName\":\"product_id\",\"KeyType\":\"HASH\"}],"
                  "\"BillingMode\":\"PAY_PER_REQUEST\"}");
  g_print ("created table products\n");

  saved = call (client, "PutItem",
                "{\"TableName\":\"products\",\"Item\":{\"product_id\":{\"S\":\"prod-123\"},"
                "\"name\":{\"S\":\"Widget\"},\"price\":{\"N\":\"29.99\"}}}");
  g_print ("saved prod-123\n");

  got = call (client, "GetItem",
              "{\"TableName\":\"products\",\"Key\":{\"product_id\":{\"S\":\"prod-123\"}}}");
  item = json_node_init_object (json_node_alloc (), json_object_get_object_member (got, "Item"));
  text = json_to_string (item, FALSE);
  g_print ("got %s\n", text);

  deleted = call (client, "DeleteItem",
                  "{\"TableName\":\"products\",\"Key\":{\"product_id\":{\"S\":\"prod-123\"}}}");
  g_print ("deleted prod-123\n");

  return 0;
}
