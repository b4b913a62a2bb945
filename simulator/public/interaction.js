// The simulator's sforce.interaction and sforce.interaction.cti (Open CTI for Salesforce Classic):
// positional arguments, callback last, answers { result, error } with string or boolean results.
// Calls travel to the framing page over postMessage; only the origin this script came from, which
// must equal sfdcIframeOrigin, is trusted.
(function () {
  'use strict';
  var scriptUrl = new URL(document.currentScript.src);
  var API_TYPE = 'interaction';
  var sfdcIframeOrigin = new URLSearchParams(location.search).get('sfdcIframeOrigin');
  if (!sfdcIframeOrigin || sfdcIframeOrigin !== scriptUrl.origin || window.parent === window) {
    throw new Error('Failed to initialize Open CTI. Ensure that it is loaded from the right frame with correct URL parameters');
  }
  var nextCallId = 0;
  var callbacks = {};
  var listeners = {};

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== sfdcIframeOrigin || event.source !== window.parent || !data || data.apiType !== API_TYPE) return;
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

  function invoke(methodName, args, callback, isListener) {
    var callId = nextCallId++;
    if (typeof callback === 'function') {
      if (isListener) (listeners[methodName] = listeners[methodName] || []).push(callback);
      else callbacks[methodName + '_' + callId] = callback;
    }
    window.parent.postMessage({ apiType: API_TYPE, methodName: methodName, callId: callId, args: args, isListenerRegistered: !!isListener }, sfdcIframeOrigin);
  }

  function method(name, argNames) {
    return function () {
      var args = {};
      for (var i = 0; i < argNames.length; i++) args[argNames[i]] = arguments[i];
      invoke(name, args, arguments[argNames.length]);
    };
  }
  function listener(name) {
    return function (fn) { invoke(name, {}, fn, true); };
  }

  window.sforce = window.sforce || {};
  window.sforce.interaction = {
    getPageInfo: method('getPageInfo', []),
    isInConsole: method('isInConsole', []),
    isVisible: method('isVisible', []),
    setVisible: method('setVisible', ['value']),
    onFocus: listener('onFocus'),
    refreshPage: method('refreshPage', []),
    refreshObject: method('refreshObject', ['objectId', 'refreshDetail', 'refreshRelatedLists', 'refreshFeed']),
    refreshRelatedList: method('refreshRelatedList', ['listName']),
    reloadFrame: method('reloadFrame', []),
    runApex: method('runApex', ['apexClass', 'methodName', 'methodParams']),
    saveLog: method('saveLog', ['object', 'saveParams']),
    screenPop: method('screenPop', ['url', 'force']),
    searchAndScreenPop: method('searchAndScreenPop', ['searchParams', 'queryParams', 'callType']),
    searchAndGetScreenPopUrl: method('searchAndGetScreenPopUrl', ['searchParams', 'queryParams', 'callType']),
    cti: {
      enableClickToDial: method('enableClickToDial', []),
      disableClickToDial: method('disableClickToDial', []),
      onClickToDial: listener('onClickToDial'),
      getCallCenterSettings: method('getCallCenterSettings', []),
      getSoftphoneLayout: method('getSoftphoneLayout', []),
      getDirectoryNumbers: method('getDirectoryNumbers', ['isGlobal', 'callCenterName']),
      setSoftphoneHeight: method('setSoftphoneHeight', ['height']),
      setSoftphoneWidth: method('setSoftphoneWidth', ['width']),
      notifyInitializationComplete: function () { invoke('notifyInitializationComplete', {}); },
    },
  };
})();
