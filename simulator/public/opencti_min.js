// The simulator's sforce.opencti (Open CTI for Lightning Experience). Like Salesforce's script it
// checks each call's single object argument, posts the call to the framing page over postMessage
// (channel.js, served in front of this file) and runs the callback or listeners when the answer
// comes back. It trusts only the origin it was loaded from, which must equal sfdcIframeOrigin.
(function () {
  'use strict';
  var API_VERSION = Number((/\/support\/api\/(\d+)\.0\//.exec(new URL(document.currentScript.src).pathname) || [])[1]);
  var channel = openCtiChannel('opencti', API_VERSION, ['sfdcIframeOrigin', 'mode']);

  function invoke(methodName, args, callback, listener) {
    channel.send(
      {
        methodName: methodName,
        apiVersion: API_VERSION,
        isCallbackRegistered: typeof callback === 'function',
        isListenerRegistered: typeof listener === 'function',
        args: args,
      },
      callback,
      listener,
    );
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
  function cb(args) {
    return args ? args.callback : undefined;
  }

  // name: [argument keys forwarded, callback required, arguments optional]
  var methods = {
    setSoftphonePanelVisibility: [['visible']],
    isSoftphonePanelVisible: [[], true],
    screenPop: [['type', 'params', 'defaultFieldValues']],
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
      spec[0].forEach(function (key) {
        if (args && key in args) forwarded[key] = args[key];
      });
      invoke(name, forwarded, cb(args));
    };
  });

  window.sforce = window.sforce || {};
  window.sforce.opencti = api;
})();
