// The simulator's sforce.interaction and sforce.interaction.cti (Open CTI for Salesforce Classic):
// positional arguments, callback last, answers { result, error } with string or boolean results.
// Calls travel to the framing page over postMessage (channel.js, served in front of this file);
// only the origin this script came from, which must equal the frame's sfdcIFrameOrigin (Classic's
// spelling), is trusted.
(function () {
  'use strict';
  var channel = openCtiChannel('interaction', undefined, ['sfdcIFrameOrigin']);

  function invoke(methodName, args, callback, isListener) {
    var message = { methodName: methodName, args: args, isListenerRegistered: !!isListener };
    if (isListener) channel.send(message, undefined, callback);
    else channel.send(message, callback);
  }

  function method(name, argNames) {
    return function () {
      var args = {};
      for (var i = 0; i < argNames.length; i++) args[argNames[i]] = arguments[i];
      invoke(name, args, arguments[argNames.length]);
    };
  }
  function listener(name) {
    return function (fn) {
      invoke(name, {}, fn, true);
    };
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
      notifyInitializationComplete: function () {
        invoke('notifyInitializationComplete', {});
      },
    },
  };
})();
