// The part the simulator's two Open CTI scripts share. The simulator serves it in front of each
// (inside one function scope, as the script's own), so this function is no global of the page.
// It checks that the script was loaded by a frame of the origin it came from, named by the
// experience's own parameter (the first of `requiredParams`), and carries calls to the framing
// page over postMessage: answers go to the call's callback, events to listeners.
// biome-ignore lint/correctness/noUnusedVariables: called by the script served after it.
function openCtiChannel(apiType, apiVersion, requiredParams) {
  var scriptUrl = new URL(document.currentScript.src);
  var params = new URLSearchParams(location.search);
  var framingOrigin = params.get(requiredParams[0]);
  var missing = requiredParams.some(function (name) {
    return !params.get(name);
  });
  if (missing || framingOrigin !== scriptUrl.origin || window.parent === window) {
    throw new Error('Failed to initialize Open CTI. Ensure that it is loaded from the right frame with correct URL parameters');
  }
  var nextCallId = 0;
  var callbacks = {};
  var listeners = {};

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== framingOrigin || event.source !== window.parent || !data || data.apiType !== apiType) return;
    if (apiVersion !== undefined && data.apiVersion !== apiVersion) return;
    var key = `${data.methodName}_${data.callId}`;
    if (callbacks[key]) {
      var callback = callbacks[key];
      delete callbacks[key];
      callback(data.response);
    }
    if (data.isListenerEvent && listeners[data.methodName]) {
      listeners[data.methodName].forEach(function (listener) {
        listener(data.response);
      });
    }
  });

  return {
    scriptUrl: scriptUrl,
    // `message` carries the API's own fields; the channel adds the call id and the API type.
    send: function (message, callback, listener) {
      message.callId = nextCallId++;
      message.apiType = apiType;
      if (typeof callback === 'function') callbacks[`${message.methodName}_${message.callId}`] = callback;
      if (typeof listener === 'function') {
        if (!listeners[message.methodName]) listeners[message.methodName] = [];
        listeners[message.methodName].push(listener);
      }
      window.parent.postMessage(message, framingOrigin);
    },
  };
}
