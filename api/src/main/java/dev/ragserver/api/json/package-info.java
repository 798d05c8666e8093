/** The API's JSON: snake_case names and ISO-8601 instants, for server and client alike. */
package dev.ragserver.api.json;
