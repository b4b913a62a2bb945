// The simulated Salesforce console. It answers the softphone's Open CTI calls (Lightning's
// sforce.opencti and Classic's sforce.interaction, both arriving over postMessage from the framed
// softphone), shows screen pops, records and Tasks, and reports what it did to the simulator server
// so tests can read it. Arguments are checked as Salesforce documents, with Salesforce's errors.
'use strict';
(function () {
  var config = JSON.parse(document.getElementById('sim-config').textContent);
  var frame = document.getElementById('softphone');
  var panel = document.getElementById('softphone-panel');
  var pageSection = document.getElementById('page');
  var listeners = {}; // methodName -> { apiType, apiVersion }
  var clickToDialEnabled = false;
  var currentPage = { url: `${config.origin}/home`, recordId: '', recordName: '', objectType: '' };
  var records = [];
  var ICON_KEY = /^[a-z][a-z0-9_]*$/;
  var SALESFORCE_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
  var CALL_TYPES = ['inbound', 'outbound', 'internal'];
  // The Lightning utility panel opens at the size of the app's utility item (its Panel Width and
  // Panel Height in App Manager), not at the call center's; the softphone sets its own
  // (setSoftphonePanelHeight/Width). Classic's sidebar takes the call center's reqSoftphoneHeight/Width.
  var UTILITY_PANEL = { widthPx: 340, heightPx: 480 };
  var LAST_MODIFIED = '2025-01-02T10:00:00.000Z';

  function LightningError(code, description, details) {
    this.code = code;
    this.description = description;
    this.details = details;
  }
  function ClassicError(message) {
    this.message = message;
  }
  function describe(value) {
    return value === undefined ? 'undefined' : JSON.stringify(value);
  }
  function invalidParam(name, expected, value) {
    return new LightningError('INVALID_PARAM', `An invalid value was passed to the parameter ${name}. ${expected} was expected, but ${describe(value)} was found instead.`);
  }

  function api(path, body, method) {
    return fetch(path, { method: method || 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, json: json };
      });
    });
  }
  function report(patch) {
    return api('/api/console', patch);
  }

  // --- what the agent sees -------------------------------------------------------------------
  function recordUrl(record) {
    return config.mode === 'Lightning' ? `${config.origin}/lightning/r/${record.objectType}/${record.Id}/view` : `${config.origin}/${record.Id}`;
  }
  function show(title, lines) {
    pageSection.innerHTML = '';
    var h = document.createElement('h2');
    h.textContent = title;
    pageSection.appendChild(h);
    lines.forEach(function (line) {
      var p = document.createElement('p');
      if (line.nodeType) p.appendChild(line);
      else p.textContent = line;
      pageSection.appendChild(p);
    });
  }
  function navigate(page, title, lines) {
    currentPage = page;
    show(title, lines);
    if (config.mode === 'Lightning') fire('onNavigationChange', { url: page.url, recordId: page.recordId, recordName: page.recordName, objectType: page.objectType });
    else fire('onFocus', { result: JSON.stringify({ url: page.url, objectId: page.recordId, objectName: page.recordName, object: page.objectType }) });
  }
  function openRecord(record) {
    navigate({ url: recordUrl(record), recordId: record.Id, recordName: record.Name, objectType: record.objectType }, `${record.objectType}: ${record.Name}`, [
      record.Phone ? `Phone: ${record.Phone}` : '',
      `Id: ${record.Id}`,
    ]);
  }
  function recordLink(record) {
    var a = document.createElement('a');
    a.href = '#';
    a.className = 'search-result';
    a.dataset.recordId = record.Id;
    a.textContent = `${record.Name} (${record.objectType})`;
    a.addEventListener('click', function (event) {
      event.preventDefault();
      openRecord(record);
    });
    return a;
  }
  function recordPop(kind, details) {
    var pop = Object.assign({ kind: kind, mode: config.mode, at: Date.now() }, details);
    var li = document.createElement('li');
    li.className = `pop pop-${kind}`;
    li.textContent = `${kind} ${JSON.stringify(details)}`;
    document.getElementById('pops').appendChild(li);
    return report({ pop: pop });
  }
  function findRecord(id) {
    return records.find(function (r) {
      return r.Id === id;
    });
  }
  function refreshTasks() {
    return fetch('/api/tasks')
      .then(function (r) {
        return r.json();
      })
      .then(function (tasks) {
        var list = document.getElementById('tasks');
        list.innerHTML = '';
        tasks.forEach(function (task) {
          var li = document.createElement('li');
          li.className = 'task';
          li.dataset.id = task.Id;
          li.textContent = `${task.Subject} · ${task.CallType || ''} · ${task.CallDurationInSeconds || 0} s · ${task.CallDisposition || ''} · ${task.Status || ''}`;
          list.appendChild(li);
        });
      });
  }
  function setPanel(patch) {
    if ('visible' in patch) panel.hidden = !patch.visible;
    if ('heightPx' in patch) panel.style.height = `${patch.heightPx}px`;
    if ('widthPx' in patch) {
      panel.style.width = `${patch.widthPx}px`;
      document.body.style.setProperty('--panel-width', `${patch.widthPx}px`);
    }
    if ('label' in patch) document.getElementById('panel-label').textContent = patch.label;
    if ('icon' in patch) document.getElementById('panel-icon').textContent = `[${patch.icon}]`;
    if ('itemLabel' in patch) document.getElementById('item-label').textContent = patch.itemLabel;
    if ('itemIcon' in patch) document.getElementById('item-icon').textContent = `[${patch.itemIcon}]`;
    return report({ panel: patch });
  }

  // --- screen pops -----------------------------------------------------------------------------
  /** Performs a pop given as screenPop() for Lightning Experience's arguments: { type, params, defaultFieldValues }. */
  function popTo(pop) {
    var params = pop.params;
    switch (pop.type) {
      case 'sobject': {
        var record = findRecord(params.recordId);
        if (record) openRecord(record);
        else
          navigate({ url: `${config.origin}/${params.recordId}`, recordId: params.recordId, recordName: '', objectType: '' }, `Record ${params.recordId}`, [
            'This record does not exist or you cannot see it.',
          ]);
        return recordPop('record', { recordId: params.recordId });
      }
      case 'url':
        navigate({ url: config.origin + params.url, recordId: '', recordName: '', objectType: '' }, `Page ${params.url}`, []);
        return recordPop('url', { url: params.url });
      case 'objecthome':
        navigate({ url: `${config.origin}/lightning/o/${params.scope}/home`, recordId: '', recordName: '', objectType: params.scope }, `${params.scope} home`, []);
        return recordPop('objectHome', { scope: params.scope });
      case 'list':
        navigate(
          { url: `${config.origin}/lightning/o/${params.scope}/list?filterName=${params.listViewId}`, recordId: '', recordName: '', objectType: params.scope },
          `${params.scope} list ${params.listViewId}`,
          [],
        );
        return recordPop('list', { scope: params.scope, listViewId: params.listViewId });
      case 'search':
        return api('/api/search', { query: params.searchString }).then(function (found) {
          navigate(
            { url: `${config.origin}/search?q=${encodeURIComponent(params.searchString)}`, recordId: '', recordName: '', objectType: '' },
            `Search results for ${params.searchString}`,
            found.json.records.map(recordLink),
          );
          return recordPop('search', {
            searchString: params.searchString,
            matches: found.json.records.map(function (r) {
              return r.Id;
            }),
          });
        });
      case 'newRecord': {
        // Default field values come in params or beside them (screenPop() for Lightning Experience).
        var defaults = Object.assign({}, params.defaultFieldValues, pop.defaultFieldValues);
        show(
          `New ${params.entityName}`,
          Object.keys(defaults).map(function (k) {
            return `${k}: ${defaults[k]}`;
          }),
        );
        return recordPop('newRecord', { entityName: params.entityName, defaultFieldValues: defaults });
      }
      case 'flow':
        show(`Flow ${params.flowDevName}`, [JSON.stringify(params.flowArgs || [])]);
        return recordPop('flow', { flowDevName: params.flowDevName, flowArgs: params.flowArgs || [] });
    }
  }

  function checkScreenPop(type, params, defaultFieldValues) {
    var types = ['sobject', 'url', 'objecthome', 'list', 'search', 'newRecord', 'flow'];
    if (defaultFieldValues !== undefined && (typeof defaultFieldValues !== 'object' || defaultFieldValues === null)) throw invalidParam('defaultFieldValues', 'An object', defaultFieldValues);
    if (types.indexOf(type) < 0) throw invalidParam('type', `One of ${types.join(', ')}`, type);
    if (typeof params !== 'object' || params === null) throw invalidParam('params', 'An object', params);
    var need = { sobject: ['recordId'], url: ['url'], objecthome: ['scope'], list: ['listViewId', 'scope'], search: ['searchString'], newRecord: ['entityName'], flow: ['flowDevName'] }[type];
    need.forEach(function (key) {
      if (typeof params[key] !== 'string' || params[key] === '') throw invalidParam(key, 'A non-empty string', params[key]);
    });
    if (type === 'sobject' && !SALESFORCE_ID.test(params.recordId)) throw invalidParam('recordId', 'A 15 or 18 character record id', params.recordId);
    if (type === 'url' && params.url.charAt(0) !== '/') throw invalidParam('url', 'A relative URL', params.url);
    if (type === 'search' && params.searchString.length < 3) throw invalidParam('searchString', 'A string of at least 3 characters', params.searchString);
  }

  /**
   * Inbound: one match pops the record, several the search page, none a new Contact. Outbound and
   * internal calls pop nothing. `pop` is the pop as screenPop()'s arguments: what a deferred search
   * hands back as SCREEN_POP_DATA, for the softphone to pass to screenPop() unmodified.
   */
  function searchAndPop(searchParams, callType, deferred, defaultFieldValues) {
    return Promise.all([api('/api/search', { query: searchParams }), report({ search: { searchParams: searchParams, callType: callType, deferred: deferred } })]).then(function (answers) {
      var found = answers[0].json;
      var matches = found.records;
      var pop;
      if (matches.length === 1) pop = { type: 'sobject', params: { recordId: matches[0].Id } };
      else if (matches.length > 1) pop = { type: 'search', params: { searchString: searchParams } };
      else pop = { type: 'newRecord', params: { entityName: 'Contact' }, defaultFieldValues: defaultFieldValues || {} };
      var pops = callType === 'inbound' && !deferred;
      return (pops ? popTo(pop) : Promise.resolve()).then(function () {
        return { matches: matches, pop: pop, searchResults: found.searchResults };
      });
    });
  }

  /**
   * A match as searchAndScreenPop() for Lightning Experience returns it. The guide's example shows
   * two shapes; the simulated org answers in the one its admin page chose.
   */
  function lightningMatch(record, searchResults) {
    if (searchResults === 'object') return { Name: record.Name, object: record.objectType, displayName: record.objectType };
    return { Id: record.Id, LastModifiedDate: LAST_MODIFIED, Name: record.Name, RecordType: record.objectType };
  }

  // --- Lightning: sforce.opencti ---------------------------------------------------------------
  var lightning = {
    enableClickToDial: function () {
      return setClickToDial(true).then(function () {
        return null;
      });
    },
    disableClickToDial: function () {
      return setClickToDial(false).then(function () {
        return null;
      });
    },
    setSoftphonePanelVisibility: function (args) {
      if (typeof args.visible !== 'boolean') throw invalidParam('visible', 'A boolean value', args.visible);
      return setPanel({ visible: args.visible }).then(function () {
        return null;
      });
    },
    isSoftphonePanelVisible: function () {
      return { visible: !panel.hidden };
    },
    setSoftphonePanelHeight: function (args) {
      if (typeof args.heightPX !== 'number' || args.heightPX < 240 || args.heightPX > 2560) throw invalidParam('heightPX', 'A numeric value from 240 through 2560', args.heightPX);
      return setPanel({ heightPx: args.heightPX }).then(function () {
        return null;
      });
    },
    setSoftphonePanelWidth: function (args) {
      if (typeof args.widthPX !== 'number' || args.widthPX < 200 || args.widthPX > 1920) throw invalidParam('widthPX', 'A numeric value from 200 through 1920', args.widthPX);
      return setPanel({ widthPx: args.widthPX }).then(function () {
        return null;
      });
    },
    setSoftphonePanelLabel: function (args) {
      return setText('label', args.label);
    },
    setSoftphoneItemLabel: function (args) {
      return setText('itemLabel', args.label);
    },
    setSoftphonePanelIcon: function (args) {
      return setIcon('icon', args.key);
    },
    setSoftphoneItemIcon: function (args) {
      return setIcon('itemIcon', args.key);
    },
    screenPop: function (args) {
      checkScreenPop(args.type, args.params, args.defaultFieldValues);
      return popTo(args).then(function () {
        return null;
      });
    },
    searchAndScreenPop: function (args) {
      if (CALL_TYPES.indexOf(args.callType) < 0) throw invalidParam('callType', 'One of sforce.opencti.CALL_TYPE', args.callType);
      if (typeof args.searchParams !== 'string') throw invalidParam('searchParams', 'A string', args.searchParams);
      if (args.deferred !== undefined && typeof args.deferred !== 'boolean') throw invalidParam('deferred', 'A boolean value', args.deferred);
      if (args.defaultFieldValues !== undefined && (typeof args.defaultFieldValues !== 'object' || args.defaultFieldValues === null))
        throw invalidParam('defaultFieldValues', 'An object', args.defaultFieldValues);
      return searchAndPop(args.searchParams, args.callType, args.deferred === true, args.defaultFieldValues).then(function (found) {
        var value = {};
        found.matches.forEach(function (r) {
          value[r.Id] = lightningMatch(r, found.searchResults);
        });
        if (args.deferred === true) value.SCREEN_POP_DATA = found.pop;
        return value;
      });
    },
    saveLog: function (args) {
      var value = args.value;
      if (!value.Id && !value.entityApiName)
        throw new LightningError('GENERIC_ERROR', 'An error occurred while calling the saveLog() API method. Review the Details field in the error section.', [
          { message: 'Specify Id to update a record or entityApiName to create one.', fields: [] },
        ]);
      var fields = Object.assign({}, value);
      var object = fields.entityApiName || 'Task';
      delete fields.entityApiName;
      return api('/api/saveLog', { object: object, fields: fields }).then(function (answer) {
        if (!answer.ok) throw new LightningError('GENERIC_ERROR', 'An error occurred while calling the saveLog() API method. Review the Details field in the error section.', answer.json.errors);
        return refreshTasks().then(function () {
          return { recordId: answer.json.id };
        });
      });
    },
    refreshView: function () {
      return Promise.all([refreshTasks(), report({ refreshed: true })]).then(function () {
        return null;
      });
    },
    getCallCenterSettings: function () {
      return fetch('/api/settings').then(function (r) {
        return r.json();
      });
    },
    getSoftphoneLayout: function () {
      return softphoneLayout();
    },
    getAppViewInfo: function () {
      return { url: currentPage.url, recordId: currentPage.recordId, recordName: currentPage.recordName, objectType: currentPage.objectType };
    },
    notifyInitializationComplete: function () {
      return initializationComplete().then(function () {
        return null;
      });
    },
    runApex: function (args) {
      ['apexClass', 'methodName'].forEach(function (key) {
        if (typeof args[key] !== 'string') throw invalidParam(key, 'A string', args[key]);
      });
      // runApex() for Lightning Experience: a query string of field value pairs, or for a method
      // without parameters `none` or an empty object {}.
      var params = args.methodParams;
      var none = params !== null && typeof params === 'object' && !Array.isArray(params) && Object.keys(params).length === 0;
      if (!none && !(typeof params === 'string' && params !== '')) throw invalidParam('methodParams', 'A query string, none or {}', params);
      return api('/api/apex', { apexClass: args.apexClass, methodName: args.methodName, methodParams: none ? '{}' : params }).then(function (answer) {
        if (!answer.ok) throw new LightningError('SERVER_ERROR', answer.json.error);
        return { runApex: answer.json.result };
      });
    },
  };

  // --- standby ------------------------------------------------------------------------------------
  // Optional Call Center Elements and Attributes: until notifyInitializationComplete() comes, the
  // softphone area shows a loading icon; after reqTimeout ms without it, Salesforce frames
  // reqStandbyUrl instead. notifyInitializationComplete() for Lightning Experience: the browser
  // session then keeps the standby URL, where Salesforce Classic checks once per session. A tab
  // (its sessionStorage) stands for the browser session here.
  var STANDBY_KEY = `simulator.standby.${config.mode}`;
  var CHECKED_KEY = `simulator.standby-checked.${config.mode}`;
  var standbyTimer = null;
  function switchToStandby() {
    standbyTimer = null;
    sessionStorage.setItem(STANDBY_KEY, 'true');
    frame.src = config.standby.src;
    document.getElementById('softphone-loading').hidden = true;
    report({ standby: true });
  }
  function initializationComplete() {
    if (standbyTimer !== null) clearTimeout(standbyTimer);
    standbyTimer = null;
    document.getElementById('softphone-loading').hidden = true;
    return report({ initialized: true });
  }
  if (config.standby) {
    if (sessionStorage.getItem(STANDBY_KEY) === 'true') switchToStandby();
    else if (config.mode === 'Lightning' || sessionStorage.getItem(CHECKED_KEY) === null) standbyTimer = setTimeout(switchToStandby, config.standby.timeoutMs);
    sessionStorage.setItem(CHECKED_KEY, 'true');
  }

  function setClickToDial(enabled) {
    clickToDialEnabled = enabled;
    document.getElementById('click-to-dial-state').textContent = enabled ? 'Click-to-dial on' : 'Click-to-dial off';
    return report({ clickToDialEnabled: enabled });
  }
  function setText(field, value) {
    if (typeof value !== 'string') throw invalidParam('label', 'A string', value);
    var patch = {};
    patch[field] = value;
    return setPanel(patch).then(function () {
      return null;
    });
  }
  function setIcon(field, key) {
    if (typeof key !== 'string' || !ICON_KEY.test(key)) throw invalidParam('key', 'An SLDS icon key', key);
    var patch = {};
    patch[field] = key;
    return setPanel(patch).then(function () {
      return null;
    });
  }
  function softphoneLayout() {
    var objects = { Contact: [{ apiName: 'Phone', displayName: 'Phone' }], Account: [{ apiName: 'Phone', displayName: 'Phone' }], Lead: [{ apiName: 'Phone', displayName: 'Phone' }] };
    var inbound = {
      objects: objects,
      screenPopSettings: { NoMatch: { screenPopType: 'PopToEntity', screenPopData: 'Contact' }, SingleMatch: { screenPopType: 'PopToEntity' }, MultipleMatches: { screenPopType: 'PopToSearch' } },
    };
    return { Inbound: inbound, Outbound: { objects: objects }, Internal: { objects: objects } };
  }

  // --- Classic: sforce.interaction -------------------------------------------------------------
  function classicBoolean(promise) {
    return Promise.resolve(promise).then(function () {
      return { result: true };
    });
  }
  var classic = {
    enableClickToDial: function () {
      return classicBoolean(setClickToDial(true));
    },
    disableClickToDial: function () {
      return classicBoolean(setClickToDial(false));
    },
    getCallCenterSettings: function () {
      return lightning.getCallCenterSettings().then(function (s) {
        return { result: JSON.stringify(s) };
      });
    },
    getSoftphoneLayout: function () {
      return { result: JSON.stringify(softphoneLayout()) };
    },
    getDirectoryNumbers: function () {
      return { result: JSON.stringify({}) };
    },
    setSoftphoneHeight: function (args) {
      if (typeof args.height !== 'number' || args.height < 0) throw new ClassicError('Invalid height: the height must be a number that is 0 or greater');
      return classicBoolean(setPanel({ heightPx: args.height }));
    },
    setSoftphoneWidth: function () {
      throw new ClassicError('setSoftphoneWidth is only available in the Salesforce console');
    },
    notifyInitializationComplete: function () {
      return initializationComplete().then(function () {
        return {};
      });
    },
    getPageInfo: function () {
      return { result: JSON.stringify({ url: currentPage.url, objectId: currentPage.recordId, objectName: currentPage.recordName, object: currentPage.objectType }) };
    },
    isInConsole: function () {
      return { result: false };
    },
    isVisible: function () {
      return { result: !panel.hidden };
    },
    setVisible: function (args) {
      if (typeof args.value !== 'boolean') throw new ClassicError('Invalid value: expected true or false');
      return classicBoolean(setPanel({ visible: args.value }));
    },
    refreshPage: function () {
      return classicBoolean(lightning.refreshView());
    },
    refreshObject: function () {
      return classicBoolean(lightning.refreshView());
    },
    refreshRelatedList: function () {
      return classicBoolean(lightning.refreshView());
    },
    reloadFrame: function () {
      return classicBoolean(lightning.refreshView());
    },
    runApex: function (args) {
      if (typeof args.apexClass !== 'string' || typeof args.methodName !== 'string' || typeof args.methodParams !== 'string')
        throw new ClassicError('runApex needs apexClass, methodName and methodParams strings');
      return api('/api/apex', args).then(function (answer) {
        if (!answer.ok) throw new ClassicError(answer.json.error);
        return { result: answer.json.result };
      });
    },
    saveLog: function (args) {
      if (typeof args.object !== 'string' || typeof args.saveParams !== 'string') throw new ClassicError('saveLog needs the object name and saveParams as strings');
      var fields = {};
      new URLSearchParams(args.saveParams).forEach(function (value, key) {
        fields[key] = value;
      });
      return api('/api/saveLog', { object: args.object, fields: fields }).then(function (answer) {
        if (!answer.ok)
          throw new ClassicError(
            answer.json.errors
              .map(function (e) {
                return e.message;
              })
              .join('; '),
          );
        return refreshTasks().then(function () {
          return { result: true, id: answer.json.id };
        });
      });
    },
    screenPop: function (args) {
      if (typeof args.url !== 'string' || args.url.charAt(0) !== '/') throw new ClassicError('Invalid URL: screenPop takes a relative URL');
      var id = args.url.slice(1);
      return classicBoolean(findRecord(id) || SALESFORCE_ID.test(id) ? popTo({ type: 'sobject', params: { recordId: id } }) : popTo({ type: 'url', params: { url: args.url } }));
    },
    searchAndScreenPop: function (args) {
      return classicSearch(args, false);
    },
    searchAndGetScreenPopUrl: function (args) {
      return classicSearch(args, true);
    },
  };
  function classicSearch(args, deferred) {
    var callType = args.callType === null || args.callType === undefined || args.callType === '' ? 'inbound' : args.callType;
    if (CALL_TYPES.indexOf(callType) < 0) throw new ClassicError('Invalid callType: expected inbound, outbound, internal or null');
    if (typeof args.searchParams !== 'string') throw new ClassicError('Invalid searchParams: expected a string');
    return searchAndPop(args.searchParams, callType, deferred).then(function (found) {
      // searchAndScreenPop() for Salesforce Classic: "If multiple matches are found, only a single field is returned."
      var single = found.matches.length === 1;
      var result = {};
      found.matches.forEach(function (r) {
        result[r.Id] = single ? { Name: r.Name, object: r.objectType, displayName: r.objectType } : { Name: r.Name };
      });
      if (deferred) {
        var pop = found.pop;
        result.screenPopUrl =
          pop.type === 'sobject' ? `/${pop.params.recordId}` : pop.type === 'search' ? `/_ui/search/ui/UnifiedSearchResults?str=${encodeURIComponent(args.searchParams)}` : '/003/e';
      }
      return { result: JSON.stringify(result) };
    });
  }

  // --- the postMessage channel with the softphone -----------------------------------------------
  function post(message) {
    frame.contentWindow.postMessage(message, config.shellOrigin);
  }
  function fire(methodName, response) {
    var listener = listeners[methodName];
    if (!listener) return false;
    post({ apiType: listener.apiType, apiVersion: listener.apiVersion, methodName: methodName, callId: -1, isListenerEvent: true, response: response });
    return true;
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || event.origin !== config.shellOrigin || !data) return;
    var isLightning = data.apiType === 'opencti';
    if (!isLightning && data.apiType !== 'interaction') return console.warn('simulator: dropped a message from the softphone: unknown apiType', data);
    if ((isLightning ? 'Lightning' : 'Classic') !== config.mode) {
      return console.warn(`simulator: dropped ${data.methodName}: the ${data.apiType} API is not served in ${config.mode} mode`);
    }
    if (data.isListenerRegistered) {
      listeners[data.methodName] = { apiType: data.apiType, apiVersion: data.apiVersion };
      return;
    }
    var handler = (isLightning ? lightning : classic)[data.methodName];
    var answer = new Promise(function (resolve) {
      if (!handler) throw isLightning ? new LightningError('GENERIC_ERROR', `Unknown API method ${data.methodName}`) : new ClassicError(`Unknown API method ${data.methodName}`);
      resolve(handler(data.args || {}));
    });
    answer
      .then(function (value) {
        return isLightning ? { success: true, returnValue: value === undefined ? null : value, errors: null } : value;
      })
      .catch(function (error) {
        if (isLightning) {
          var entry =
            error instanceof LightningError
              ? { code: error.code, description: error.description, details: error.details }
              : { code: 'GENERIC_ERROR', description: String((error && error.message) || error) };
          return { success: false, returnValue: null, errors: [entry] };
        }
        return { result: false, error: error instanceof ClassicError ? error.message : String((error && error.message) || error) };
      })
      .then(function (response) {
        if (isLightning && !data.isCallbackRegistered) return;
        post({ apiType: data.apiType, apiVersion: data.apiVersion, methodName: data.methodName, callId: data.callId, response: response });
      });
  });

  // --- the agent's clicks ------------------------------------------------------------------------
  document.getElementById('records').addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof HTMLAnchorElement)) return;
    event.preventDefault();
    var record = findRecord(target.dataset.recordId);
    if (!record) return;
    if (target.classList.contains('record-name')) return openRecord(record);
    if (!clickToDialEnabled) return;
    // Salesforce opens the softphone for a click-to-dial.
    setPanel({ visible: true });
    if (config.mode === 'Lightning') fire('onClickToDial', { number: target.dataset.number, recordId: record.Id, recordName: record.Name, objectType: record.objectType });
    else fire('onClickToDial', { result: JSON.stringify({ number: target.dataset.number, objectId: record.Id, objectName: record.Name, object: record.objectType, displayName: record.objectType }) });
  });
  document.getElementById('utility-item').addEventListener('click', function () {
    setPanel({ visible: panel.hidden });
  });

  fetch('/api/state')
    .then(function (r) {
      return r.json();
    })
    .then(function (state) {
      records = state.records;
      var classic = config.mode === 'Classic';
      var height = classic ? Number(state.settings['/reqGeneralInfo/reqSoftphoneHeight']) : UTILITY_PANEL.heightPx;
      var width = classic ? Number(state.settings['/reqGeneralInfo/reqSoftphoneWidth']) : UTILITY_PANEL.widthPx;
      // Classic shows the softphone in the sidebar; Lightning starts with the utility closed.
      setPanel({ visible: classic, heightPx: height, widthPx: width });
      refreshTasks();
    });
})();
