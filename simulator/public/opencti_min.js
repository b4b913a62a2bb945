// The simulator's sforce.opencti (Open CTI for Lightning Experience). Like Salesforce's script it
// checks each call's single object argument, posts the call to the framing page over postMessage and
// runs the callback or listeners when the answer comes back. It trusts only the origin it was loaded
// from, which must equal the sfdcIframeOrigin the page was framed with.
(function () {
  'use strict';
  var script = document.currentScript;
  var scriptUrl = new URL(script.src);
  var API_VERSION = Number((/\/support\/api\/(\d+)\.0\//.exec(scriptUrl.pathname) || [])[1]);
  var API_TYPE = 'opencti';
  var params = new URLSearchParams(location.search);
  var sfdcIframeOrigin = params.get('sfdcIframeOrigin');
  if (!sfdcIframeOrigin || !params.get('mode') || sfdcIframeOrigin !== scriptUrl.origin || window.parent === window) {
    throw new Error('Failed to initialize Open CTI. Ensure that it is loaded from the right frame with correct URL parameters');
  }

  var nextCallId = 0;
  var callbacks = {};
  var listeners = {};

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== sfdcIframeOrigin || event.source !== window.parent || !data || data.apiType !== API_TYPE || data.apiVersion !== API_VERSION) return;
    var key = data.methodName + '_' + data.callId;
    if (callbacks[key]) {
      var callback = callbacks[key];
      delete callbacks[key];
      callback(data.response);
    }
    if (data.isListenerEvent && listeners[data.methodName]) {
      listeners[data.methodName].forEach(function (listener) { listener(data.response); });
    }
  });

  function invoke(methodName, args, callback, listener) {
    var message = {
      methodName: methodName,
      callId: nextCallId++,
      apiVersion: API_VERSION,
      apiType: API_TYPE,
      isCallbackRegistered: typeof callback === 'function',
      isListenerRegistered: typeof listener === 'function',
      args: args,
    };
    if (message.isCallbackRegistered) callbacks[methodName + '_' + message.callId] = callback;
    if (message.isListenerRegistered) (listeners[methodName] = listeners[methodName] || []).push(listener);
    window.parent.postMessage(message, sfdcIframeOrigin);
  }

  // Every method takes exactly one non-empty object (optional where the guide says so).
  function checkArguments(argv, optional) {
    if (optional && argv.length === 0) return;
    if (!(argv.length === 1 && typeof argv[0] === 'object' && argv[0] !== null && Object.keys(argv[0]).length)) {
      throw new Error('Must pass in only one object which holds arguments to this API method call.');
    }
  }
  function requireCallback(args) {
    if (!(args && typeof args.callback === 'function')) throw new Error('Missing the required argument `callback`!');
  }
  function requireListener(args) {
    if (!(args && typeof args.listener === 'function')) throw new Error('Missing the required argument `listener`!');
  }
  function cb(args) { return args ? args.callback : undefined; }

  // name: [argument keys forwarded, callback required, arguments optional]
  var methods = {
    setSoftphonePanelVisibility: [['visible']],
    isSoftphonePanelVisible: [[], true],
    screenPop: [['type', 'params']],
    searchAndScreenPop: [['searchParams', 'callType', 'queryParams', 'defaultFieldValues', 'deferred', 'params']],
    getAppViewInfo: [[], true],
    saveLog: [['value']],
    refreshView: [[], false, true],
    notifyInitializationComplete: [[], false, true],
    setSoftphoneItemLabel: [['label']],
    setSoftphonePanelLabel: [['label']],
    setSoftphoneItemIcon: [['key']],
    setSoftphonePanelIcon: [['key']],
    setSoftphonePanelHeight: [['heightPX']],
    setSoftphonePanelWidth: [['widthPX']],
    getCallCenterSettings: [[], true],
    enableClickToDial: [[], false, true],
    disableClickToDial: [[], false, true],
    getSoftphoneLayout: [[], true],
    runApex: [['apexClass', 'methodName', 'methodParams']],
  };

  var api = {
    SCREENPOP_TYPE: { URL: 'url', SOBJECT: 'sobject', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' },
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
    onClickToDial: function (args) {
      checkArguments(arguments);
      requireListener(args);
      invoke('onClickToDial', {}, undefined, args.listener);
    },
    onNavigationChange: function (args) {
      checkArguments(arguments);
      requireListener(args);
      invoke('onNavigationChange', {}, undefined, args.listener);
    },
  };
  Object.keys(methods).forEach(function (name) {
    var spec = methods[name];
    api[name] = function (args) {
      checkArguments(arguments, spec[2]);
      if (spec[1]) requireCallback(args);
      if (name === 'saveLog' && !(args && typeof args.value === 'object' && args.value !== null)) {
        throw new Error('Missing the required argument `value object`!');
      }
      var forwarded = {};
      spec[0].forEach(function (key) { if (args && key in args) forwarded[key] = args[key]; });
      invoke(name, forwarded, cb(args));
    };
  });

  window.sforce = window.sforce || {};
  window.sforce.opencti = api;
})();
