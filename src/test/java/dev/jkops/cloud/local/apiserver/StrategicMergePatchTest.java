package dev.jkops.cloud.local.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Strategic merge patches as kubectl's {@code apply} computes them from the last applied file and
 * the new one, applied as Kubernetes applies them (the expected objects are what a real API server
 * keeps for the same patch).
 */
class StrategicMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** JSON written with ' for " so that the cases stay readable. */
  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void containersMergeByNameTheirPortsByContainerPortAndTheirEnvByName() throws Exception {
    JsonNode deployment =
        json(
            "{'spec':{'replicas':1,'template':{'spec':{'containers':["
                + "{'name':'web','image':'nginx:1','ports':[{'containerPort':80},{'containerPort':81}],"
                + "'env':[{'name':'X','value':'1'}]},"
                + "{'name':'old','image':'busybox'},"
                + "{'name':'sidecar','image':'envoy'}]}}}}");
    // the file dropped 'old', port 81 and changed the image; 'sidecar' was added by another writer
    JsonNode patch =
        json(
            "{'spec':{'template':{'spec':{"
                + "'$setElementOrder/containers':[{'name':'web'}],"
                + "'containers':[{'$patch':'delete','name':'old'},"
                + "{'name':'web','image':'nginx:2',"
                + "'$setElementOrder/ports':[{'containerPort':80},{'containerPort':8080}],"
                + "'ports':[{'$patch':'delete','containerPort':81},{'containerPort':8080}],"
                + "'env':[{'name':'Y','value':'2'}]}]}}}}");
    assertThat(StrategicMergePatch.apply(deployment, patch))
        .isEqualTo(
            json(
                "{'spec':{'replicas':1,'template':{'spec':{'containers':["
                    + "{'name':'web','image':'nginx:2','ports':[{'containerPort':80},{'containerPort':8080}],"
                    + "'env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]},"
                    + "{'name':'sidecar','image':'envoy'}]}}}}"));
  }

  @Test
  void listsWithoutAMergeStrategyAreReplacedAsANetworkPolicysRulesAre() throws Exception {
    JsonNode policy =
        json(
            "{'spec':{'podSelector':{'matchLabels':{'app':'web'}},'policyTypes':['Ingress'],"
                + "'ingress':[{'from':[{'podSelector':{'matchLabels':{'role':'a'}}}]}]}}");
    JsonNode patch =
        json("{'spec':{'ingress':[{'from':[{'podSelector':{'matchLabels':{'role':'b'}}}]}]}}");
    assertThat(StrategicMergePatch.apply(policy, patch).at("/spec/ingress"))
        .isEqualTo(json("[{'from':[{'podSelector':{'matchLabels':{'role':'b'}}}]}]"));
    assertThat(StrategicMergePatch.apply(policy, json("{'spec':{'ingress':null}}")).at("/spec"))
        .isEqualTo(json("{'podSelector':{'matchLabels':{'app':'web'}},'policyTypes':['Ingress']}"));
  }

  @Test
  void directivesReplaceDeleteRetainKeysAndDeleteFromPrimitiveLists() throws Exception {
    JsonNode d =
        json(
            "{'metadata':{'finalizers':['a','b'],'labels':{'x':'1','y':'2'}},"
                + "'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}},"
                + "'template':{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}}}");
    JsonNode patch =
        json(
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['c'],"
                + "'labels':{'$patch':'replace','z':'3'}},"
                + "'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'},"
                + "'template':{'spec':{'containers':[{'$patch':'replace'},{'name':'c'}]}}}}");
    assertThat(StrategicMergePatch.apply(d, patch))
        .isEqualTo(
            json(
                "{'metadata':{'finalizers':['b','c'],'labels':{'z':'3'}},"
                    + "'spec':{'strategy':{'type':'Recreate'},"
                    + "'template':{'spec':{'containers':[{'name':'c'}]}}}}"));
    JsonNode deleted =
        StrategicMergePatch.apply(d, json("{'spec':{'strategy':{'$patch':'delete'}}}"));
    assertThat(deleted.at("/spec").has("strategy")).isFalse();
  }

  @Test
  void aServicesPortsMergeByPortAndAnElementWithoutItsKeyIsRefused() throws Exception {
    JsonNode svc = json("{'spec':{'ports':[{'port':80,'name':'http'},{'port':443}]}}");
    assertThat(
            StrategicMergePatch.apply(svc, json("{'spec':{'ports':[{'port':80,'name':'web'}]}}")))
        .isEqualTo(json("{'spec':{'ports':[{'port':80,'name':'web'},{'port':443}]}}"));
    assertThatThrownBy(
            () -> StrategicMergePatch.apply(svc, json("{'spec':{'ports':[{'name':'nope'}]}}")))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("spec.ports")
        .hasMessageContaining("merge key port");
  }
}
