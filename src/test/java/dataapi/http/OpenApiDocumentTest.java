package dataapi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dataapi.Http;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /openapi.json is valid OpenAPI 3.1 to a real parser, lists every route the server has, and describes what the server does. */
class OpenApiDocumentTest {
    private static TestServer server;
    private static OpenAPI document;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        HttpResponse<String> response = Http.get(server.port(), "/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body(), null, options);
        assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
        document = parsed.getOpenAPI();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void isOpenApi31() {
        assertThat(document.getOpenapi()).isEqualTo("3.1.0");
        assertThat(document.getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(document.getInfo().getTitle()).isEqualTo("dataapi");
    }

    /** Every GET route but the pages' script and style files, taken from the running router. */
    @Test
    void documentsEveryRoute() {
        List<String> routes = server.server.routes().stream()
                .filter(route -> route.startsWith("GET "))
                .map(route -> route.substring(4))
                .filter(path -> !path.endsWith(".js") && !path.endsWith(".css"))
                .toList();
        assertThat(routes).contains("/", "/connector/customers/top10", "/snowpark/clerk/{clerk_id}/yearly_sales/{year}",
                "/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/test");
        assertThat(document.getPaths().keySet()).containsExactlyInAnyOrderElementsOf(routes);
        document.getPaths().values().forEach(path -> assertThat(path.readOperationsMap().keySet()).containsExactly(PathItem.HttpMethod.GET));
    }

    /** Each documented path, called with its parameters' examples, answers 200 with the documented media type. */
    @Test
    void everyDocumentedPathAnswersAsDocumented() throws Exception {
        for (Map.Entry<String, PathItem> entry : document.getPaths().entrySet()) {
            Operation get = entry.getValue().getGet();
            String path = entry.getKey();
            StringBuilder query = new StringBuilder();
            for (Parameter parameter : get.getParameters() == null ? List.<Parameter>of() : get.getParameters()) {
                String example = String.valueOf(parameter.getExample());
                if (parameter.getIn().equals("path")) {
                    path = path.replace("{" + parameter.getName() + "}", example);
                } else if (parameter.getIn().equals("query")) {
                    query.append(query.isEmpty() ? "?" : "&").append(parameter.getName()).append('=').append(example);
                }
            }
            HttpResponse<String> response = Http.get(server.port(), path + query);
            assertThat(response.statusCode()).as(path + query).isEqualTo(200);
            String mediaType = get.getResponses().get("200").getContent().keySet().iterator().next();
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type -> assertThat(type).startsWith(mediaType));
        }
    }

    @Test
    void describesTheReportsParametersRowsAndErrors() {
        for (String family : List.of("connector", "snowpark")) {
            Operation top10 = document.getPaths().get("/" + family + "/customers/top10").getGet();
            assertThat(top10.getTags()).containsExactly(family);
            Parameter start = parameter(top10, "start_range");
            assertThat(start.getIn()).isEqualTo("query");
            assertThat(start.getSchema().getFormat()).isEqualTo("date");
            assertThat(start.getSchema().getDefault()).hasToString("1995-01-01");
            assertThat(parameter(top10, "end_range").getSchema().getDefault()).hasToString("1995-03-31");
            assertThat(top10.getResponses().keySet()).contains("200", "304", "400", "404", "405", "429", "500", "503", "504");
            assertThat(errorExamples(top10)).contains("Invalid start and/or end dates.", "start_range must not be after end_range.",
                    "Parameter end_range was given more than once.", "Parameter start_range is not valid percent-encoding.");

            Operation clerk = document.getPaths().get("/" + family + "/clerk/{clerk_id}/yearly_sales/{year}").getGet();
            assertThat(parameter(clerk, "clerk_id").getRequired()).isTrue();
            assertThat(parameter(clerk, "clerk_id").getSchema().getPattern()).isEqualTo("^[0-9]+$");
            assertThat(parameter(clerk, "year").getSchema().getTypes()).containsExactly("integer");
            assertThat(parameter(clerk, "year").getExample()).isInstanceOf(Number.class).hasToString("1995");
            assertThat(errorExamples(clerk)).contains("Clerk ID can only contain numbers.", "Invalid year.");
            assertThat(clerk.getResponses().get("503").get$ref()).isEqualTo("#/components/responses/Unavailable");
        }

        Schema<?> row = document.getComponents().getSchemas().get("clerk_yearly_sales").getItems();
        assertThat(row.getRequired()).containsExactlyInAnyOrder("O_CLERK", "MONTH", "SUM_TOTALPRICE");
        assertThat(row.getProperties().get("MONTH").getTypes()).containsExactly("integer");
        assertThat(row.getProperties().get("SUM_TOTALPRICE").getTypes()).containsExactly("number");
        assertThat(document.getComponents().getSchemas().get("Error").getRequired()).containsExactly("error");
        assertThat(document.getComponents().getResponses().get("Unavailable").getHeaders()).containsKey("Retry-After");
    }

    private static List<String> errorExamples(Operation operation) {
        return operation.getResponses().get("400").getContent().get("application/json").getExamples().values().stream()
                .map(example -> ((JsonNode) example.getValue()).get("error").asText())
                .toList();
    }

    private static Parameter parameter(Operation operation, String name) {
        return operation.getParameters().stream().filter(parameter -> parameter.getName().equals(name)).findFirst().orElseThrow();
    }
}
