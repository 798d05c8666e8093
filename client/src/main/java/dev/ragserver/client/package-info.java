/**
 * A typed Java client for the server's HTTP API: {@link dev.ragserver.client.RagClient} sends and
 * reads the API's own records ({@code dev.ragserver.api}), and turns every error response into a
 * {@link dev.ragserver.client.RagApiException} carrying the server's problem details.
 */
package dev.ragserver.client;
